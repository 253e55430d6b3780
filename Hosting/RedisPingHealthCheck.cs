using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>Healthy once the server answers an authenticated PING: that is what WaitFor waits on.</summary>
internal sealed class RedisPingHealthCheck(IResource resource, RedisResourceConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = await connections.ServersAsync(resource, cancellationToken);
            var roundTrip = TimeSpan.Zero;
            foreach (var server in servers)
            {
                roundTrip = TimeSpan.FromTicks(Math.Max(roundTrip.Ticks, (await server.PingAsync().WaitAsync(cancellationToken)).Ticks));
            }

            return HealthCheckResult.Healthy($"PONG in {roundTrip.TotalMilliseconds:0.###} ms");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }
}
