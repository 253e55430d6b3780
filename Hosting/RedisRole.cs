using Microsoft.Extensions.Configuration;

namespace RedisSessions.Hosting;

/// <summary>
/// The job a Redis resource does, engine-independent. Sessions must never be evicted and must survive
/// a restart; cache entries are recomputable, so the cache evicts and keeps nothing on disk.
/// </summary>
internal sealed record RedisRole(string Name, bool Persistent, string EvictionPolicy, string? MaxMemory)
{
    public const string SessionsMaxMemoryKey = "Redis:Sessions:MaxMemory";
    public const string CacheMaxMemoryKey = "Redis:Cache:MaxMemory";
    public const string DefaultCacheMaxMemory = "256mb";

    public static RedisRole Sessions(string name, IConfiguration configuration) =>
        new(name, Persistent: true, EvictionPolicy: "noeviction", MaxMemory: NullIfEmpty(configuration[SessionsMaxMemoryKey]));

    public static RedisRole Cache(string name, IConfiguration configuration) =>
        new(name, Persistent: false, EvictionPolicy: "allkeys-lru", MaxMemory: NullIfEmpty(configuration[CacheMaxMemoryKey]) ?? DefaultCacheMaxMemory);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
