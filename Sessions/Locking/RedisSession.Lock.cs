using SessionSample.Sessions.Locking;

namespace SessionSample.Sessions;

/// <summary>The optional per-session lock (Laravel's <c>block()</c>): bounded wait, bounded hold, owner-checked release.</summary>
internal sealed partial class RedisSession
{
    /// <summary>Takes the session lock for this request (fail-closed on an outage), or does nothing for a new session.</summary>
    internal async Task AcquireLockAsync(ISessionLockMetadata metadata, CancellationToken cancellationToken)
    {
        ResolveOrThrowIfUnresolved();
        if (!_lifecycle.IsStored)
        {
            // Nobody else can know a fresh id yet.
            return;
        }

        using var activity = SessionTelemetry.Start("session.lock", _handle.LogHash, SessionOperation.Lock);
        var token = SessionIds.NewId();
        var started = _store.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(10);
        var waited = false;
        try
        {
            while (true)
            {
                var (acquired, holderTimeLeft) = await _store.Locks.TryAcquireAsync(_handle, token, metadata.Hold);
                if (acquired)
                {
                    activity?.SetTag("session.outcome", waited ? "acquired_after_wait" : "acquired");
                    Lease = new SessionLockLease(_handle, token);
                    return;
                }

                if (!waited)
                {
                    waited = true;
                    SessionTelemetry.LockWaits.Add(1);
                }

                var elapsed = _store.Time.GetElapsedTime(started);
                if (elapsed >= metadata.Wait)
                {
                    SessionTelemetry.LockTimeouts.Add(1);
                    SessionLog.LockTimedOut(_store.Logger, _handle.LogHash, elapsed.TotalMilliseconds);
                    activity?.SetTag("session.outcome", "timeout");
                    throw new SessionLockTimeoutException(
                        "Another request is still working on this session; try again shortly.",
                        holderTimeLeft > TimeSpan.Zero ? holderTimeLeft : TimeSpan.FromSeconds(1));
                }

                // Jittered, growing polls: waiting requests do not hammer Redis in lockstep.
                var pause = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 10));
                var remaining = metadata.Wait - elapsed;
                await Task.Delay(pause < remaining ? pause : remaining, _store.Time, cancellationToken);
                delay = delay * 2 < TimeSpan.FromMilliseconds(200) ? delay * 2 : TimeSpan.FromMilliseconds(200);
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // Running the endpoint unlocked is exactly what the lock exists to prevent: fail closed.
            activity?.SetTag("session.outcome", "unavailable");
            throw FailClosed(SessionOperation.Lock, exception);
        }
    }

    /// <summary>Releases what the lease holds (also the new id's lock after a regeneration); the hold time releases anything this misses.</summary>
    internal async Task ReleaseLockAsync()
    {
        if (Lease is not { } lease)
        {
            return;
        }

        Lease = null;
        foreach (var session in lease.Sessions)
        {
            try
            {
                await _store.Locks.ReleaseAsync(session, lease.Token);
            }
            catch (SessionStoreUnavailableException exception)
            {
                SessionLog.StoreUnavailable(_store.Logger, SessionOperation.Unlock.Tag(), Options.OutagePolicy, exception);
            }
        }
    }
}

/// <summary>A held session lock: the owner token and the sessions it is held on (also the new id's after a regeneration).</summary>
internal sealed class SessionLockLease(SessionHandle session, string token)
{
    private readonly List<SessionHandle> _sessions = [session];

    public string Token { get; } = token;

    public IReadOnlyList<SessionHandle> Sessions => _sessions;

    /// <summary>The regeneration copied the lock to <paramref name="moved"/>.</summary>
    public void MovedTo(SessionHandle moved) => _sessions.Add(moved);
}
