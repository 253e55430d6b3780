using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionSample.Sessions.WriteThrough;
using StackExchange.Redis;

namespace SessionSample.Sessions.Offload;

/// <summary>
/// Parks large data in the <c>cache</c> Redis and keeps only a reference to it in the session (the seed's
/// "minimise session data"). The cache may evict it at any time: <see cref="FetchAsync"/> says so
/// plainly so the caller can recompute. With value encryption (<c>AddValueEncryption()</c>) the parked data is
/// encrypted like the session's values (the reference in the session is a value, so it is too); parked data
/// that cannot be decrypted reads as <see cref="OffloadStatus.Evicted"/>, counted in the unreadable-values metric.
/// The cache is called as the store calls the sessions Redis (<see cref="ResilientRedis"/>): within the operation
/// budget, retried only when unsent, and an outage throws <see cref="SessionStoreUnavailableException"/> (503).
/// </summary>
public sealed partial class SessionOffload
{
    // Marks a session value as a reference, so that a plain value under the same key is not mistaken for one.
    private const string ReferenceMarker = "offload:v1:";

    private static readonly OffloadedData Evicted = new(OffloadStatus.Evicted, null);

    private readonly TimeSpan _idleTimeout;
    private readonly string _cacheKeyPrefix;
    private readonly SessionValueCodec _values;
    private readonly ResilientRedis _cache;
    private readonly ILogger<SessionOffload> _logger;

    /// <param name="values">The store's codec: parked data is protected as the session's values are.</param>
    internal SessionOffload(IConnectionMultiplexer cache, IOptions<RedisSessionOptions> options, SessionValueCodec values, ILogger<SessionOffload> logger)
    {
        _idleTimeout = options.Value.IdleTimeout;
        _cacheKeyPrefix = options.Value.KeyPrefix + "offload:";
        _values = values;
        // The system clock: the budget and the breaker time a real Redis, whatever clock the store is given.
        _cache = new ResilientRedis("cache", cache, options.Value, TimeProvider.System, logger);
        _logger = logger;
    }

    /// <summary>
    /// Stores <paramref name="data"/> in the cache for <paramref name="ttl"/> (default: the session idle
    /// timeout) and writes its reference under <paramref name="sessionKey"/> to the session at once. Only
    /// once the new reference is stored is the old copy deleted: if the write fails (size limit, outage),
    /// the session still points at data that exists.
    /// </summary>
    public async Task ParkAsync(IRedisSession session, string sessionKey, byte[] data, TimeSpan? ttl = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(data);

        await session.LoadAsync(ct);
        var previous = ReadReference(session, sessionKey);

        // A random key, not derived from the session id: the reference survives id regeneration and the
        // cache never sees an id.
        var cacheKey = _cacheKeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var db = _cache.Redis.GetDatabase();
        var entry = new CacheEntry(db, cacheKey, _values.Seal(data), ttl ?? _idleTimeout);
        await _cache.RunAsync(SessionOperation.Park, null, static entry => entry.Database.StringSetAsync(entry.Key, entry.Value, entry.Ttl), entry, ct);
        await session.SetNowAsync(sessionKey, Encoding.UTF8.GetBytes(ReferenceMarker + cacheKey), ct);

        if (previous is not null)
        {
            // The old copy would only wait for its TTL; nobody can reach it any more.
            await db.KeyDeleteAsync(previous, CommandFlags.FireAndForget);
        }
    }

    /// <summary>Fetches what <see cref="ParkAsync"/> parked under <paramref name="sessionKey"/>.</summary>
    public async Task<OffloadedData> FetchAsync(IRedisSession session, string sessionKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(session);

        await session.LoadAsync(ct);
        var cacheKey = ReadReference(session, sessionKey);
        if (cacheKey is null)
        {
            return new OffloadedData(OffloadStatus.NeverParked, null);
        }

        byte[]? stored;
        try
        {
            stored = (byte[]?)await _cache.RunAsync(SessionOperation.Fetch, null, static entry => entry.Database.StringGetAsync(entry.Key), new CacheEntry(_cache.Redis.GetDatabase(), cacheKey), ct);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            // Something else took the key (an operator, another app sharing the cache): the data is gone all the same.
            LogWrongType(_logger, sessionKey);
            return Evicted;
        }

        if (stored is null)
        {
            return Evicted;
        }

        // Undecryptable (a revoked key, a tampered copy) is as good as gone: the caller recomputes, as for an eviction.
        if (!_values.TryOpen(stored, out var data))
        {
            SessionTelemetry.ValuesUnreadable.Add(1);
            SessionLog.OffloadUnreadable(_logger, sessionKey);
            return Evicted;
        }

        return new OffloadedData(OffloadStatus.Found, data);
    }

    private static string? ReadReference(IRedisSession session, string sessionKey)
    {
        if (!session.TryGetValue(sessionKey, out var value))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(value);
        return text.StartsWith(ReferenceMarker, StringComparison.Ordinal) ? text[ReferenceMarker.Length..] : null;
    }

    [LoggerMessage(40, LogLevel.Warning, "The cache holds something other than the data parked under session key {Key} (a value of another type); it reads as evicted")]
    private static partial void LogWrongType(ILogger logger, string key);

    private readonly record struct CacheEntry(IDatabase Database, RedisKey Key, RedisValue Value = default, TimeSpan Ttl = default);
}

/// <summary>What <see cref="SessionOffload.FetchAsync"/> found.</summary>
public enum OffloadStatus
{
    /// <summary>The data is in <see cref="OffloadedData.Data"/>.</summary>
    Found,

    /// <summary>The session holds no reference under that key: nothing was parked.</summary>
    NeverParked,

    /// <summary>The session holds a reference but the cache no longer has the data (evicted or expired): recompute it.</summary>
    Evicted,
}

/// <summary>The result of fetching parked data.</summary>
public sealed record OffloadedData(OffloadStatus Status, byte[]? Data);
