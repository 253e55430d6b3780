namespace SessionSample.Sessions;

/// <summary>The session lock's two scripts: take it for an owner token, release what that owner holds.</summary>
internal sealed partial class SessionStore
{
    /// <summary>Takes the lock for <paramref name="token"/>, or says how long its current holder may still keep it.</summary>
    public async Task<(bool Acquired, TimeSpan HolderTimeLeft)> TryAcquireLockAsync(SessionHandle session, string token, TimeSpan hold)
    {
        using var activity = SessionTelemetry.Start("session.lock.attempt", session.LogHash, SessionOperation.Lock);
        var args = new ScriptArgs<LockArg>();
        args[LockArg.Token] = token;
        args[LockArg.HoldMs] = (long)hold.TotalMilliseconds;
        ScriptReply reply;
        try
        {
            reply = await RunAsync(SessionOperation.Lock, activity, SessionScripts.AcquireLock, Schema.LockKey(session), args.Values);
        }
        catch (SessionStoreUnavailableException)
        {
            // The attempt may still run late and take the lock for this token; a release queued behind it on
            // the same connection undoes that instead of leaving the session locked for the whole hold time.
            _ = RunQuietlyAsync(ReleaseLockAsync(session, token));
            throw;
        }

        var acquired = reply.Result == ScriptResult.Ok;
        activity?.SetTag("session.outcome", acquired ? "acquired" : "held");
        return (acquired, TimeSpan.FromMilliseconds(Math.Max(0, reply.Detail)));
    }

    /// <summary>Releases the lock <paramref name="token"/> holds on <paramref name="session"/>, if it still does.</summary>
    public async Task ReleaseLockAsync(SessionHandle session, string token)
    {
        using var activity = SessionTelemetry.Start("session.lock.release", session.LogHash, SessionOperation.Unlock);
        var args = new ScriptArgs<ReleaseArg>();
        args[ReleaseArg.Token] = token;
        var reply = await RunAsync(SessionOperation.Unlock, activity, SessionScripts.ReleaseLock, Schema.LockKey(session), args.Values);

        // Not released means the hold time ran out first and the lock may now be someone else's.
        activity?.SetTag("session.outcome", (long)reply.Get(ReleaseReply.Released) == 1 ? "released" : "expired");
    }
}
