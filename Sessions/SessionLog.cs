using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>The store's structured logs. Sessions are named by their id hash only.</summary>
internal static partial class SessionLog
{
    // Nearly every request loads and many write: at Information these two lines would be most of an app's
    // log volume, formatted and exported per request. The built-in session logs its loads and stores at Debug too.
    [LoggerMessage(1, LogLevel.Debug, "Session {SessionIdHash} loaded: {Outcome}, {Fields} fields, {Bytes} bytes")]
    public static partial void Loaded(ILogger logger, string sessionIdHash, string outcome, int fields, long bytes);

    [LoggerMessage(2, LogLevel.Debug, "Session {SessionIdHash} written ({Operation}): {FieldsWritten} set, {FieldsRemoved} removed, {Bytes} bytes")]
    public static partial void Written(ILogger logger, string sessionIdHash, string operation, int fieldsWritten, int fieldsRemoved, long bytes);

    [LoggerMessage(3, LogLevel.Warning, "Session {SessionIdHash} was deleted or renamed before this request's {Operation}; the write was dropped so the session is not resurrected")]
    public static partial void StaleWriteDropped(ILogger logger, string sessionIdHash, string operation);

    [LoggerMessage(4, LogLevel.Debug, "Session cookie rejected ({Reason}); starting a new session")]
    public static partial void CookieRejected(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Session {SessionIdHash}: {Limit} soft limit exceeded ({Bytes} bytes > {LimitBytes})")]
    public static partial void SoftLimitExceeded(ILogger logger, string sessionIdHash, string limit, long bytes, long limitBytes);

    [LoggerMessage(6, LogLevel.Warning, "Session {SessionIdHash}: write refused, {Limit} hard limit exceeded ({Bytes} bytes > {LimitBytes})")]
    public static partial void HardLimitExceeded(ILogger logger, string sessionIdHash, string limit, long bytes, long limitBytes);

    [LoggerMessage(7, LogLevel.Error, "Session store unavailable during {Operation}; outage policy {Policy}")]
    public static partial void StoreUnavailable(ILogger logger, string operation, SessionOutagePolicy policy, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Session {SessionIdHash} is running on an empty, unsaved session (fail-open); its {Operation} was not saved")]
    public static partial void DegradedWriteSkipped(ILogger logger, string sessionIdHash, string operation);

    [LoggerMessage(9, LogLevel.Information, "Session {OldSessionIdHash} moved to a new id {SessionIdHash}")]
    public static partial void Regenerated(ILogger logger, string oldSessionIdHash, string sessionIdHash);

    [LoggerMessage(10, LogLevel.Information, "Session {SessionIdHash} invalidated")]
    public static partial void Invalidated(ILogger logger, string sessionIdHash);

    [LoggerMessage(11, LogLevel.Debug, "Session {SessionIdHash} not found (expired, deleted or unknown); starting a new session")]
    public static partial void NotFound(ILogger logger, string sessionIdHash);

    [LoggerMessage(12, LogLevel.Warning, "Session {SessionIdHash}: lock still held by another request after {WaitMilliseconds} ms")]
    public static partial void LockTimedOut(ILogger logger, string sessionIdHash, double waitMilliseconds);

    [LoggerMessage(13, LogLevel.Information, "Session {SessionIdHash}: {Count} flash messages taken")]
    public static partial void FlashesTaken(ILogger logger, string sessionIdHash, int count);
}
