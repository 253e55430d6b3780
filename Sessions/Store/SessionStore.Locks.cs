namespace SessionSample.Sessions;

/// <summary>The session lock's two scripts: take it for an owner token, release what that owner holds.</summary>
internal sealed partial class SessionStore
{
    /// <summary>Takes the lock for <paramref name="token"/>, or says how long its current holder may still keep it.</summary>
    public async Task<(bool Acquired, TimeSpan HolderTimeLeft)> TryAcquireLockAsync(SessionHandle session, string token, TimeSpan hold)
    {
        using var activity = SessionTelemetry.Start("session.lock.attempt", session.LogHash);
        var args = new ScriptArgs<LockArg>();
        args[LockArg.Token] = token;
        args[LockArg.HoldMs] = (long)hold.TotalMilliseconds;
        var reply = await RunAsync("lock", activity, SessionScripts.AcquireLock, Schema.LockKey(session), args.Values);
        var acquired = reply.Result == ScriptResult.Ok;
        activity?.SetTag("session.outcome", acquired ? "acquired" : "held");
        return (acquired, TimeSpan.FromMilliseconds(Math.Max(0, (long)reply[0])));
    }

    /// <summary>Releases the lock <paramref name="token"/> holds on <paramref name="id"/>, if it still does.</summary>
    public async Task ReleaseLockAsync(SessionHandle session, string token)
    {
        using var activity = SessionTelemetry.Start("session.lock.release", session.LogHash);
        var args = new ScriptArgs<ReleaseArg>();
        args[ReleaseArg.Token] = token;
        var reply = await RunAsync("unlock", activity, SessionScripts.ReleaseLock, Schema.LockKey(session), args.Values);

        // Not released means the hold time ran out first and the lock may now be someone else's.
        activity?.SetTag("session.outcome", (long)reply[0] == 1 ? "released" : "expired");
    }
}
