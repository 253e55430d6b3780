using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RedisSessions.Hosting;

/// <summary>
/// How each role becomes a resource on this run's engine, and what every locally run server shares
/// (a generated password, a loopback port, the PING health check, the dashboard commands).
/// </summary>
internal static class LocalRedis
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSessions(IDistributedApplicationBuilder builder, RedisRole role)
    {
        var choice = RedisEngineSelector.For(builder);
        var topology = RedisTopologySelector.Select(
            builder.Configuration[RedisTopologySelector.ConfigurationKey], choice, builder.ExecutionContext.IsPublishMode);

        return topology == RedisTopology.Cluster
            ? builder.AddRedisServerCluster(role, builder.AddPassword(role).Resource, choice.RedisServerPath!)
            : builder.AddRedisFor(role, choice);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddRedisFor(this IDistributedApplicationBuilder builder, RedisRole role, RedisEngineChoice choice)
    {
        var password = builder.AddPassword(role);
        return choice.Engine switch
        {
            RedisEngine.Container => builder.AddRedisContainer(role, password).WithRedisDashboardCommands(),
            RedisEngine.RedisServer => builder.AddRedisServer(role, password.Resource, choice.RedisServerPath!),
            RedisEngine.Garnet => builder.AddGarnet(role, password.Resource),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice.Engine, "Unknown Redis engine."),
        };
    }

    // Letters and digits only: StackExchange.Redis cannot parse a password containing a comma.
    private static IResourceBuilder<ParameterResource> AddPassword(this IDistributedApplicationBuilder builder, RedisRole role) =>
        builder.AddResource(ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{role.Name}-password", special: false));

    /// <summary>
    /// What every locally run server shares: a loopback port (allocated, or <paramref name="port"/> when it
    /// must not change), the PING health check and the commands.
    /// </summary>
    public static IResourceBuilder<T> AddLocalRedis<T>(this IDistributedApplicationBuilder builder, T resource, int? port = null)
        where T : ExecutableResource
    {
        return builder.AddResource(resource)
            // Not proxied: the apps talk to the server directly, with no extra hop on every session read.
            .WithEndpoint(name: LocalRedisResource.PrimaryEndpointName, port: port, targetPort: port, scheme: "tcp", isProxied: false)
            .WithRedisPingHealthCheck()
            .WithRedisDashboardCommands();
    }

    /// <summary>Healthy once the server answers an authenticated PING: what WaitFor waits on.</summary>
    public static IResourceBuilder<T> WithRedisPingHealthCheck<T>(this IResourceBuilder<T> builder)
        where T : IResource
    {
        var resource = builder.Resource;
        var healthCheckKey = $"{resource.Name}_check";
        builder.ApplicationBuilder.Services.TryAddSingleton<RedisResourceConnections>();
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => new RedisPingHealthCheck(resource, services.GetRequiredService<RedisResourceConnections>()),
            failureStatus: null,
            tags: null));
        return builder.WithHealthCheck(healthCheckKey);
    }
}
