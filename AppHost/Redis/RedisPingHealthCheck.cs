using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SessionSample.AppHost.Redis;

/// <summary>Healthy once the server answers an authenticated PING: that is what WaitFor waits on.</summary>
public sealed class RedisPingHealthCheck(IResourceWithConnectionString resource, RedisResourceConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await connections.GetAsync(resource, cancellationToken);
            var roundTrip = await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"PONG in {roundTrip.TotalMilliseconds:0.###} ms");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }
}
