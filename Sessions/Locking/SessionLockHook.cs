using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions.Locking;

/// <summary>
/// The optional per-session lock (Laravel's <c>block()</c>), a request hook (<see cref="ISessionRequestHook"/>): on an
/// endpoint that asks for it (<see cref="ISessionLockMetadata"/>), a bounded wait for the lock before the endpoint
/// runs, a bounded hold, and an owner-checked release (<see cref="SessionLockLease"/>) after the commit.
/// </summary>
internal sealed class SessionLockHook(SessionStore store) : ISessionRequestHook
{
    private readonly SessionLocks _locks = new(store);

    public async Task BeforeAsync(HttpContext context, IHookedSession session)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ISessionLockMetadata>() is not { } metadata
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
                var (acquired, holderTimeLeft) = await _locks.TryAcquireAsync(handle, token, metadata.Hold);
                if (acquired)
                {
                    activity?.SetTag("session.outcome", waited ? "acquired_after_wait" : "acquired");
                    session.Hold = new SessionLockLease(_locks, handle, token);
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
}

/// <summary>A held session lock: the owner token and the sessions it is held on (also the new id's after a regeneration).</summary>
internal sealed class SessionLockLease(SessionLocks locks, SessionHandle session, string token) : ISessionHold
{
    private readonly List<SessionHandle> _sessions = [session];

    public string Token { get; } = token;

    /// <summary>The regeneration copied the lock to <paramref name="moved"/>.</summary>
    public void MovedTo(SessionHandle moved) => _sessions.Add(moved);

    public async Task ReleaseAsync()
    {
        foreach (var session in _sessions)
        {
            try
            {
                await locks.ReleaseAsync(session, Token);
            }
            catch (SessionStoreUnavailableException exception)
            {
                locks.ReleaseFailed(exception);
            }
        }
    }
}
