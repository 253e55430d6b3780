using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SessionSample.AppHost.Redis;

/// <summary>
/// The two Redis resources of the solution, whatever engine runs them: <c>sessions</c> (never evicts,
/// persists; one server or, with <c>Redis:Sessions:Topology=cluster</c>, a local Redis Cluster) and
/// <c>cache</c> (bounded, LRU, nothing on disk). Each has a generated password, a health check that
/// WaitFor relies on, and the Ping / Memory / Keyspace dashboard commands; <c>sessions</c> also has the
/// users' commands (<see cref="SessionUserCommands"/>).
/// </summary>
public static class RedisResourceBuilderExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSessionRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var role = RedisRole.Sessions(name, builder.Configuration);
        var choice = RedisEngineSelector.For(builder);
        var topology = RedisTopologySelector.Select(
            builder.Configuration[RedisTopologySelector.ConfigurationKey], choice, builder.ExecutionContext.IsPublishMode);

        var sessions = topology == RedisTopology.Cluster
            ? builder.AddRedisServerCluster(role, builder.AddPassword(role).Resource, choice.RedisServerPath!)
            : builder.AddRedisFor(role, choice);
        return sessions.WithSessionUserCommands();
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddCacheRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddRedisFor(RedisRole.Cache(name, builder.Configuration), RedisEngineSelector.For(builder));

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisFor(this IDistributedApplicationBuilder builder, RedisRole role, RedisEngineChoice choice)
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
    internal static IResourceBuilder<T> AddLocalRedis<T>(this IDistributedApplicationBuilder builder, T resource, int? port = null)
        where T : ExecutableResource
    {
        var healthCheckKey = $"{resource.Name}_check";
        builder.Services.TryAddSingleton<RedisResourceConnections>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => new RedisPingHealthCheck(resource, services.GetRequiredService<RedisResourceConnections>()),
            failureStatus: null,
            tags: null));

        return builder.AddResource(resource)
            // Not proxied: the apps talk to the server directly, with no extra hop on every session read.
            .WithEndpoint(name: LocalRedisResource.PrimaryEndpointName, port: port, targetPort: port, scheme: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithRedisDashboardCommands();
    }
}
