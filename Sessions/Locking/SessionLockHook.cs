using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions.Locking;

/// <summary>
/// The optional per-session lock (Laravel's <c>block()</c>), a request hook (<see cref="ISessionRequestHook"/>): on an
/// endpoint that asks for it (<see cref="SessionLockAttribute"/>), a bounded wait for the lock (lock.lua, taken for an
/// owner token) before the endpoint runs, a bounded hold, and an owner-checked release (<see cref="SessionLockLease"/>)
/// after the commit.
/// </summary>
internal sealed class SessionLockHook(SessionStore store) : ISessionRequestHook
{
    /// <summary>The session lock: 'acquire', 'release'.</summary>
    public static readonly StoreScript Script = StoreScript.Embedded("lock");

    public async Task BeforeAsync(HttpContext context, IHookedSession session)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SessionLockAttribute>() is not { } metadata
            || session.ResolveStored() is not { } handle)
        {
            // No lock asked for, or a fresh id that nobody else can know yet.
            return;
        }

        using var activity = SessionTelemetry.Start("session.lock", handle.LogHash, SessionOperation.Lock);
        var token = SessionIds.NewId();
        var started = store.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(10);
        var waited = false;
        try
        {
            while (true)
            {
                var (acquired, holderTimeLeft) = await TryAcquireAsync(handle, token, metadata.Hold);
                if (acquired)
                {
                    activity?.SetTag("session.outcome", waited ? "acquired_after_wait" : "acquired");
                    session.Hold = new SessionLockLease(store, handle, token);
                    return;
                }

                if (!waited)
                {
                    waited = true;
                    SessionTelemetry.LockWaits.Add(1);
                }

                var elapsed = store.Time.GetElapsedTime(started);
                if (elapsed >= metadata.Wait)
                {
                    SessionTelemetry.LockTimeouts.Add(1);
                    SessionLog.LockTimedOut(store.Logger, handle.LogHash, elapsed.TotalMilliseconds);
                    activity?.SetTag("session.outcome", "timeout");
                    throw new SessionLockTimeoutException(
                        "Another request is still working on this session; try again shortly.",
                        holderTimeLeft > TimeSpan.Zero ? holderTimeLeft : TimeSpan.FromSeconds(1));
                }

                // Jittered, growing polls: waiting requests do not hammer Redis in lockstep.
                var pause = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 10));
                var remaining = metadata.Wait - elapsed;
                await Task.Delay(pause < remaining ? pause : remaining, store.Time, context.RequestAborted);
                delay = delay * 2 < TimeSpan.FromMilliseconds(200) ? delay * 2 : TimeSpan.FromMilliseconds(200);
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // Running the endpoint unlocked is exactly what the lock exists to prevent: fail closed.
            activity?.SetTag("session.outcome", "unavailable");
            throw session.FailClosed(SessionOperation.Lock, exception);
        }
    }

    /// <summary>Takes the lock for <paramref name="token"/>, or says how long its current holder may still keep it.</summary>
    private async Task<(bool Acquired, TimeSpan HolderTimeLeft)> TryAcquireAsync(SessionHandle session, string token, TimeSpan hold)
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
            _ = SessionMove.RunQuietlyAsync(SessionLockLease.ReleaseAsync(store, session, token));
            throw;
        }

        var acquired = reply.Result == ScriptResult.Ok;
        activity?.SetTag("session.outcome", acquired ? "acquired" : "held");
        return (acquired, TimeSpan.FromMilliseconds(Math.Max(0, reply.HolderMsLeft)));
    }
}

/// <summary>A held session lock: the owner token and the sessions it is held on (also the new id's after a regeneration).</summary>
internal sealed class SessionLockLease(SessionStore store, SessionHandle session, string token) : ISessionHold
{
    private readonly List<SessionHandle> _sessions = [session];

    public string Token { get; } = token;

    public void MovedTo(SessionHandle moved) => _sessions.Add(moved);

    public async Task ReleaseAsync()
    {
        foreach (var session in _sessions)
        {
            try
            {
                await ReleaseAsync(store, session, Token);
            }
            catch (SessionStoreUnavailableException exception)
            {
                // The hold time releases the lock; logged as the request's outage policy says.
                SessionLog.StoreUnavailable(store.Logger, SessionOperation.Unlock.Tag(), store.Options.OutagePolicy, exception);
            }
        }
    }

    /// <summary>Releases the lock <paramref name="token"/> holds on <paramref name="session"/>, if it still does.</summary>
    public static async Task ReleaseAsync(SessionStore store, SessionHandle session, string token)
    {
        using var activity = SessionTelemetry.Start("session.lock.release", session.LogHash, SessionOperation.Unlock);
        var reply = await store.Calls.RunAsync(SessionOperation.Unlock, activity, SessionLockHook.Script, [store.Schema.LockKey(session)], ["release", token]);

        // Not released means the hold time ran out first and the lock may now be someone else's.
        activity?.SetTag("session.outcome", reply.Long(0) == 1 ? "released" : "expired");
    }
}
