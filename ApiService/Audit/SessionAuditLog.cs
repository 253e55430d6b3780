using SessionSample.Sessions;

namespace SessionSample.ApiService.Audit;

/// <summary>
/// The API's audit trail of sign-ins and session ends: one Information line per lifecycle event, in its own log
/// category (<c>SessionSample.ApiService.Audit</c>) so it can be kept and shipped apart from request logs. Sessions
/// are named by their id hash only.
/// </summary>
internal sealed partial class SessionAuditLog(ILogger<SessionAuditLog> logger) : ISessionEvents
{
    public void OnSessionEvent(SessionEvent sessionEvent)
    {
        if (sessionEvent.Kind != SessionEventKind.Created)
        {
            Audit(logger, sessionEvent.Kind, sessionEvent.Reason?.ToString() ?? "-", sessionEvent.UserName ?? "-", sessionEvent.SessionIdHash, sessionEvent.PreviousSessionIdHash ?? "-", sessionEvent.At);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Audit: {Event} ({Reason}) user {UserName}, session {SessionIdHash}, previously {PreviousSessionIdHash}, at {At:O}")]
    private static partial void Audit(ILogger logger, SessionEventKind @event, string reason, string userName, string sessionIdHash, string previousSessionIdHash, DateTimeOffset at);
}
