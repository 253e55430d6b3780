using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The store's structured logs, category <c>SessionSample.Sessions.*</c>. Sessions are named by their id hash
/// only, values never appear, keys do. Every read and write is one Debug line: the apps' Development settings
/// turn them on (they then show in the Aspire dashboard); in Production
/// <c>Logging:LogLevel:SessionSample.Sessions=Debug</c> does. At Information they would be most of an app's
/// log volume, formatted and exported per request.
/// </summary>
internal static partial class SessionLog
{
    private const int MaxNames = 16;

    [LoggerMessage(1, LogLevel.Debug, "Session {SessionIdHash} read: {Outcome}, {Fields} keys, {Bytes} bytes [{Keys}]")]
    public static partial void Loaded(ILogger logger, string sessionIdHash, string outcome, int fields, long bytes, string keys);

    [LoggerMessage(2, LogLevel.Debug, "Session {SessionIdHash} written ({Operation}): set [{Set}], removed [{Removed}], {Bytes} bytes written, {SessionBytes} bytes stored")]
    public static partial void Written(ILogger logger, string sessionIdHash, string operation, string set, string removed, long bytes, long sessionBytes);

    [LoggerMessage(3, LogLevel.Warning, "Session {SessionIdHash} was ended or moved by another request before this request's {Operation}; nothing was written")]
    public static partial void WriteRefused(ILogger logger, string sessionIdHash, string operation);

    [LoggerMessage(4, LogLevel.Debug, "Session cookie rejected ({Reason}); starting a new session")]
    public static partial void CookieRejected(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Session {SessionIdHash}: {Limit} soft limit exceeded ({Bytes} bytes > {LimitBytes})")]
    public static partial void SoftLimitExceeded(ILogger logger, string sessionIdHash, string limit, long bytes, long limitBytes);

    [LoggerMessage(6, LogLevel.Warning, "Session {SessionIdHash}: write refused, {Limit} hard limit exceeded ({Bytes} bytes > {LimitBytes})")]
    public static partial void HardLimitExceeded(ILogger logger, string sessionIdHash, string limit, long bytes, long limitBytes);

    [LoggerMessage(7, LogLevel.Error, "Session store unavailable during {Operation}; outage policy {Policy}")]
    public static partial void StoreUnavailable(ILogger logger, string operation, SessionOutagePolicy policy, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Session {SessionIdHash}: {Count} changes not saved: {Reason}")]
    public static partial void ChangesNotSaved(ILogger logger, string sessionIdHash, int count, string reason);

    [LoggerMessage(9, LogLevel.Information, "Session {OldSessionIdHash} moved to a new id {SessionIdHash}")]
    public static partial void Regenerated(ILogger logger, string oldSessionIdHash, string sessionIdHash);

    [LoggerMessage(10, LogLevel.Information, "Session {SessionIdHash} ended: {Outcome}")]
    public static partial void Invalidated(ILogger logger, string sessionIdHash, string outcome);

    [LoggerMessage(11, LogLevel.Debug, "Session {SessionIdHash} not found (expired or unknown); starting a new session")]
    public static partial void NotFound(ILogger logger, string sessionIdHash);

    [LoggerMessage(12, LogLevel.Warning, "Session {SessionIdHash}: lock still held by another request after {WaitMilliseconds} ms")]
    public static partial void LockTimedOut(ILogger logger, string sessionIdHash, double waitMilliseconds);

    [LoggerMessage(13, LogLevel.Debug, "Session {SessionIdHash}: {Count} flash messages taken")]
    public static partial void FlashesTaken(ILogger logger, string sessionIdHash, int count);

    [LoggerMessage(14, LogLevel.Information, "Session {OldSessionIdHash} had expired before this request's {Operation}; the write created a new session {SessionIdHash}")]
    public static partial void ExpiredRecreated(ILogger logger, string oldSessionIdHash, string operation, string sessionIdHash);

    [LoggerMessage(15, LogLevel.Error, "Session {SessionIdHash}: changes made after the response started could not be saved: {Reason}")]
    public static partial void LateChangesLost(ILogger logger, string sessionIdHash, string reason, Exception? exception);

    [LoggerMessage(16, LogLevel.Warning, "Session {SessionIdHash}: sliding the expiry for a request that did not read the session failed; it may expire up to one idle timeout after its last read or write")]
    public static partial void TouchFailed(ILogger logger, string sessionIdHash, Exception exception);

    [LoggerMessage(23, LogLevel.Warning, "The session store lost its connection to Redis at {EndPoint} ({FailureType}); requests that need it answer 503 until it is back")]
    public static partial void ConnectionFailed(ILogger logger, string endPoint, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(24, LogLevel.Information, "The session store is connected to Redis at {EndPoint} again")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(17, LogLevel.Warning, "Session {OldSessionIdHash}: moved to a new id, but the old id could not be retired; it holds only what it held before and comes back once the move's deadline passes")]
    public static partial void OldIdNotRetired(ILogger logger, string oldSessionIdHash, Exception exception);

    // Created is as frequent as new visitors who write, so Debug like reads and writes; the others are rare and audited.
    [LoggerMessage(20, LogLevel.Debug, "Session event created: session {SessionIdHash}")]
    public static partial void CreatedEvent(ILogger logger, string sessionIdHash);

    [LoggerMessage(18, LogLevel.Information, "Session event {Event}: session {SessionIdHash} (previously {PreviousSessionIdHash}), user {UserName}, reason {Reason}")]
    public static partial void Event(ILogger logger, string @event, string sessionIdHash, string? previousSessionIdHash, string? userName, string? reason);

    [LoggerMessage(19, LogLevel.Error, "A session event handler ({Handler}) failed on {Event}; the request goes on")]
    public static partial void EventHandlerFailed(ILogger logger, string handler, string @event, Exception exception);

    [LoggerMessage(21, LogLevel.Error, "Session {SessionIdHash}: {Count} stored values could not be decrypted (their Data Protection key was revoked or lost, or they were not encrypted by this key ring) and read as absent [{Keys}]")]
    public static partial void ValuesUnreadable(ILogger logger, string sessionIdHash, int count, string keys);

    [LoggerMessage(22, LogLevel.Error, "Offloaded data under session key {Key} could not be decrypted (its Data Protection key was revoked or lost, or the copy was altered) and reads as evicted")]
    public static partial void OffloadUnreadable(ILogger logger, string key);

    /// <summary>
    /// Logs the sessions Redis going away and coming back when the client notices, not only when a request needs it:
    /// a request that does not read its session within the slide interval sends nothing, so an outage would otherwise
    /// go unseen (aspnetcore's session logs its failed refresh on every such request). Once per endpoint and outage:
    /// the client's failed reconnects in between are not news.
    /// </summary>
    public static void WatchConnection(IConnectionMultiplexer redis, ILogger logger)
    {
        var down = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        redis.ConnectionFailed += (_, failure) =>
        {
            if (failure.ConnectionType == ConnectionType.Interactive && down.TryAdd(Name(failure.EndPoint), true))
            {
                ConnectionFailed(logger, Name(failure.EndPoint), failure.FailureType, failure.Exception);
            }
        };
        redis.ConnectionRestored += (_, restored) =>
        {
            if (restored.ConnectionType == ConnectionType.Interactive && down.TryRemove(Name(restored.EndPoint), out bool _))
            {
                ConnectionRestored(logger, Name(restored.EndPoint));
            }
        };

        static string Name(EndPoint? endPoint) => EndPointCollection.ToString(endPoint);
    }

    /// <summary>Key names for a log line, at most <see cref="MaxNames"/> of them.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var text = new StringBuilder();
        var count = 0;
        foreach (var name in names)
        {
            if (count++ < MaxNames)
            {
                text.Append(text.Length == 0 ? string.Empty : ", ").Append(name);
            }
        }

        return count > MaxNames ? text.Append(", +").Append(count - MaxNames).Append(" more").ToString() : text.ToString();
    }
}
