using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>
/// Raises <see cref="ISessionEvents"/>: one log line (id hash only) and one count in
/// <c>sessionsample.session.events</c> per event, then every registered handler. A handler that throws is
/// logged and skipped: an audit hook must not turn a sign-out that happened into an error page.
/// </summary>
internal sealed class SessionEventSink(IEnumerable<ISessionEvents> handlers, ILogger logger, TimeProvider time)
{
    private readonly ISessionEvents[] _handlers = [.. handlers];

    public void Created(SessionHandle session) => Raise(SessionEventKind.Created, session.LogHash, null, null, null);

    public void SignedIn(SessionHandle session, string userName) => Raise(SessionEventKind.SignedIn, session.LogHash, null, userName, null);

    public void Regenerated(SessionHandle from, SessionHandle to, string? userName) => Raise(SessionEventKind.Regenerated, to.LogHash, from.LogHash, userName, null);

    public void Ended(SessionHandle session, string? userName, SessionEndReason reason) => Raise(SessionEventKind.Ended, session.LogHash, null, userName, reason);

    private void Raise(SessionEventKind kind, string idHash, string? previousIdHash, string? userName, SessionEndReason? reason)
    {
        var name = NameOf(kind);
        var reasonName = reason is { } r ? NameOf(r) : null;
        if (kind == SessionEventKind.Created)
        {
            SessionLog.CreatedEvent(logger, idHash);
        }
        else
        {
            SessionLog.Event(logger, name, idHash, previousIdHash, userName, reasonName);
        }

        SessionTelemetry.Events.Add(1, new KeyValuePair<string, object?>("event", name), new KeyValuePair<string, object?>("reason", reasonName ?? "none"));
        if (_handlers.Length == 0)
        {
            return;
        }

        var sessionEvent = new SessionEvent(kind, idHash, previousIdHash, userName, reason, time.GetUtcNow());
        foreach (var handler in _handlers)
        {
            try
            {
                handler.OnSessionEvent(sessionEvent);
            }
            catch (Exception exception)
            {
                SessionLog.EventHandlerFailed(logger, handler.GetType().Name, name, exception);
            }
        }
    }

    internal static string NameOf(SessionEventKind kind) => SnakeCase.Of(kind);

    internal static string NameOf(SessionEndReason reason) => SnakeCase.Of(reason);
}
