using System.Runtime.ExceptionServices;

namespace SessionSample.Sessions;

/// <summary>What the session does when it cannot do its job: lost changes, refused writes, outages. Never silently.</summary>
internal sealed class SessionFailures(RedisSession session)
{
    /// <summary>Drops pending changes that cannot be saved, never silently: logged at Warning and counted by reason.</summary>
    public void LoseChanges(SessionChangeSet changes, string reason)
    {
        LoseChanges(Math.Max(changes.Changes.Count, 1), reason);
        changes.Reset();
    }

    public void LoseChanges(int count, string reason)
    {
        SessionTelemetry.ChangesLost.Add(count, new KeyValuePair<string, object?>("reason", reason));
        SessionLog.ChangesNotSaved(session.Store.Logger, session.Handle.LogHash, count, reason switch
        {
            "fail_open" => "the session store was unavailable (fail-open)",
            "request_failed" => "the request failed",
            _ => reason,
        });
    }

    public void ThrowIfRefused(ScriptResult result, SessionOperation operation, long bytes)
    {
        switch (result)
        {
            case ScriptResult.Gone or ScriptResult.Moved:
                throw Refused(operation);
            case ScriptResult.TooLarge:
                throw session.Guard.HardLimit("session", bytes, session.Store.Options.HardSessionBytes);
            case ScriptResult.Missing when session.Lifecycle.Phase != SessionPhase.Open:
                throw new InvalidOperationException("The session expired before changes made after the response started could be saved, and a new session's cookie can no longer be sent.");
        }
    }

    public SessionEndedException Refused(SessionOperation operation)
    {
        SessionTelemetry.WritesRefused.Add(1, new KeyValuePair<string, object?>("operation", operation.Tag()));
        SessionLog.WriteRefused(session.Store.Logger, session.Handle.LogHash, operation.Tag());
        return new SessionEndedException();
    }

    /// <summary>
    /// The outage policy, for synchronous ISession access: under FailOpen the session degrades for the rest of
    /// the request (reads empty, never saved), as the built-in session's does; under FailClosed it throws.
    /// Every asynchronous call and every id change fails closed whatever the policy (<see cref="FailClosed"/>).
    /// </summary>
    public void Outage(SessionOperation operation, SessionStoreUnavailableException exception)
    {
        if (session.Store.Options.OutagePolicy == SessionOutagePolicy.FailClosed)
        {
            ExceptionDispatchInfo.Throw(FailClosed(operation, exception));
        }

        CountOutage(operation, exception, SessionOutagePolicy.FailOpen);
        session.Lifecycle.Degrade();
        session.Snapshot = SessionSnapshot.Empty();
    }

    public SessionStoreUnavailableException FailClosed(SessionOperation operation, SessionStoreUnavailableException exception)
    {
        CountOutage(operation, exception, SessionOutagePolicy.FailClosed);
        return exception;
    }

    public void CountOutage(SessionOperation operation, SessionStoreUnavailableException exception, SessionOutagePolicy policy)
    {
        SessionLog.StoreUnavailable(session.Store.Logger, operation.Tag(), policy, exception);
        SessionTelemetry.OutageDecisions.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy == SessionOutagePolicy.FailClosed ? "fail_closed" : "fail_open"),
            new KeyValuePair<string, object?>("operation", operation.Tag()));
    }
}
