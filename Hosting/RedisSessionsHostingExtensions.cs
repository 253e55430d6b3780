using Microsoft.Extensions.Configuration;
using RedisSessions.Hosting;

// Aspire's own namespace, as Aspire's integrations do: an AppHost finds these without a using.
namespace Aspire.Hosting;

/// <summary>
/// Adds the Redis resources of an app whose sessions live in Redis: one for the sessions (never evicts,
/// persists) and one for the cache (bounded, LRU, nothing on disk). Run locally, each is a Redis container
/// when a container runtime answers, else a redis-server process, else Garnet (needs only the .NET SDK),
/// with a generated password, a PING health check that <c>WaitFor</c> relies on, and Ping / Memory /
/// Keyspace dashboard commands. Published, each is the Redis container, or a secret connection string
/// when the app brings its own Redis (<c>Redis:Sessions:ConnectionString</c>, <c>Redis:Cache:ConnectionString</c>).
/// </summary>
/// <remarks>
/// Settings read from the AppHost's configuration: <c>RedisEngine</c> (<c>auto</c>, <c>container</c>,
/// <c>redis-server</c>, <c>garnet</c>), <c>Redis:Sessions:Topology</c> (<c>standalone</c>, or <c>cluster</c>:
/// a local six-node Redis Cluster on redis-server), <c>Redis:DataDirectory</c>, <c>Redis:Sessions:MaxMemory</c>,
/// <c>Redis:Cache:MaxMemory</c>, the two connection strings above, and the <c>Sessions</c> section (key
/// prefix, idle timeout) that the users' dashboard commands share with the apps.
/// </remarks>
public static class RedisSessionsHostingExtensions
{
    /// <summary>
    /// Adds the Redis that holds the sessions: <c>noeviction</c>, append-only file every second, data kept
    /// between runs; a local Redis Cluster with <c>Redis:Sessions:Topology=cluster</c>; an existing Redis with
    /// <c>Redis:Sessions:ConnectionString</c>. Its dashboard also gets the users' commands ("Sessions",
    /// "End a user's sessions").
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource's name, which is also the name of the apps' connection string.</param>
    /// <returns>The resource, to pass to <c>WithReference</c> and <c>WaitFor</c>.</returns>
    public static IResourceBuilder<IResourceWithConnectionString> AddSessionRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var redis = ExternalRedis.ConnectionString(builder.Configuration, ExternalRedis.SessionsKey) is { } connectionString
            ? ExternalRedis.Add(builder, name, ExternalRedis.SessionsKey, connectionString)
            : LocalRedis.AddSessions(builder, RedisRole.Sessions(name, builder.Configuration));
        return redis.WithSessionUserCommands();
    }

    /// <summary>
    /// Adds the Redis that holds the cache: <c>allkeys-lru</c> within <c>Redis:Cache:MaxMemory</c> (256mb by
    /// default), nothing on disk; an existing Redis with <c>Redis:Cache:ConnectionString</c>.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="name">The resource's name, which is also the name of the apps' connection string.</param>
    /// <returns>The resource, to pass to <c>WithReference</c> and <c>WaitFor</c>.</returns>
    public static IResourceBuilder<IResourceWithConnectionString> AddCacheRedis(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return ExternalRedis.ConnectionString(builder.Configuration, ExternalRedis.CacheKey) is { } connectionString
            ? ExternalRedis.Add(builder, name, ExternalRedis.CacheKey, connectionString)
            : builder.AddRedisFor(RedisRole.Cache(name, builder.Configuration), RedisEngineSelector.For(builder));
    }
}
