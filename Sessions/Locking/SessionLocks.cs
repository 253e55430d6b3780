namespace SessionSample.Sessions.Locking;

/// <summary>The session lock in Redis (lock.lua): taken for an owner token, released only by what that owner holds.</summary>
internal sealed class SessionLocks(SessionStore store)
{
    /// <summary>The session lock: 'acquire', 'release'.</summary>
    public static readonly StoreScript Script = StoreScript.Embedded("lock");

    /// <summary>Takes the lock for <paramref name="token"/>, or says how long its current holder may still keep it.</summary>
    public async Task<(bool Acquired, TimeSpan HolderTimeLeft)> TryAcquireAsync(SessionHandle session, string token, TimeSpan hold)
    {
        using var activity = SessionTelemetry.Start("session.lock.attempt", session.LogHash, SessionOperation.Lock);
        StoreReply reply;
        try
        {
            reply = await store.Calls.RunAsync(SessionOperation.Lock, activity, Script, [store.Schema.LockKey(session)], ["acquire", token, (long)hold.TotalMilliseconds]);
        }
        catch (SessionStoreUnavailableException)
        {
            // The attempt may still run late and take the lock for this token; a release queued behind it on
            // the same connection undoes that instead of leaving the session locked for the whole hold time.
            _ = SessionMove.RunQuietlyAsync(ReleaseAsync(session, token));
            throw;
        }

        var acquired = reply.Result == ScriptResult.Ok;
        activity?.SetTag("session.outcome", acquired ? "acquired" : "held");
        return (acquired, TimeSpan.FromMilliseconds(Math.Max(0, reply.HolderMsLeft)));
    }

    /// <summary>Releases the lock <paramref name="token"/> holds on <paramref name="session"/>, if it still does.</summary>
    public async Task ReleaseAsync(SessionHandle session, string token)
    {
        using var activity = SessionTelemetry.Start("session.lock.release", session.LogHash, SessionOperation.Unlock);
        var reply = await store.Calls.RunAsync(SessionOperation.Unlock, activity, Script, [store.Schema.LockKey(session)], ["release", token]);

        // Not released means the hold time ran out first and the lock may now be someone else's.
        activity?.SetTag("session.outcome", reply.Long(0) == 1 ? "released" : "expired");
    }

    /// <summary>A release Redis did not answer: the hold time releases the lock; logged by the request's outage policy.</summary>
    public void ReleaseFailed(SessionStoreUnavailableException exception) =>
        SessionLog.StoreUnavailable(store.Logger, SessionOperation.Unlock.Tag(), store.Options.OutagePolicy, exception);
}
