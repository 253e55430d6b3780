using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SessionSample.AppHost.Redis;

/// <summary>
/// The two Redis resources of the solution, whatever engine runs them: <c>sessions</c> (never evicts,
/// persists) and <c>cache</c> (bounded, LRU, nothing on disk). Each has a generated password, a health
/// check that WaitFor relies on, and the Ping / Memory / Keyspace dashboard commands.
/// </summary>
public static class RedisResourceBuilderExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddSessionRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddRedisFor(RedisRole.Sessions(name, builder.Configuration));

    public static IResourceBuilder<IResourceWithConnectionString> AddCacheRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name) =>
        builder.AddRedisFor(RedisRole.Cache(name, builder.Configuration));

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisFor(this IDistributedApplicationBuilder builder, RedisRole role)
    {
        var choice = RedisEngineSelector.For(builder);

        // Letters and digits only: StackExchange.Redis cannot parse a password containing a comma.
        var password = builder.AddResource(
            ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{role.Name}-password", special: false));

        return choice.Engine switch
        {
            RedisEngine.Container => builder.AddRedisContainer(role, password).WithRedisDashboardCommands(),
            RedisEngine.RedisServer => builder.AddRedisServer(role, password.Resource, choice.RedisServerPath!),
            RedisEngine.Garnet => builder.AddGarnet(role, password.Resource),
            _ => throw new ArgumentOutOfRangeException(nameof(builder), choice.Engine, "Unknown Redis engine."),
        };
    }

    /// <summary>What every locally run engine shares: an allocated loopback port, the health check and the commands.</summary>
    internal static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, LocalRedisResource resource)
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
            .WithEndpoint(name: LocalRedisResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithRedisDashboardCommands();
    }
}
