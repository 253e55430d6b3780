namespace SessionSample.Sessions;

/// <summary>The optional per-session lock (Laravel's <c>block()</c>): bounded wait, bounded hold, owner-checked release.</summary>
internal sealed partial class RedisSession
{
    /// <summary>Takes the session lock for this request, or returns null when there is nothing to lock.</summary>
    internal async Task<SessionLockLease?> AcquireLockAsync(ISessionLockMetadata metadata, CancellationToken cancellationToken)
    {
        EnsureId();
        if (_isNew || _degraded)
        {
            // Nobody else can know a fresh id yet.
            return null;
        }

        using var activity = SessionStore.StartActivity("session.lock", IdHash);
        var token = SessionIds.NewId();
        var started = _store.Time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(10);
        var waited = false;
        try
        {
            while (true)
            {
                var (acquired, holderTimeLeft) = await _store.TryAcquireLockAsync(_id, IdHash, token, metadata.Hold);
                if (acquired)
                {
                    activity?.SetTag("session.outcome", waited ? "acquired_after_wait" : "acquired");
                    return new SessionLockLease(_id, IdHash, token);
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
                    SessionLog.LockTimedOut(Logger, IdHash, elapsed.TotalMilliseconds);
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
            activity?.SetTag("session.outcome", "unavailable");
            Outage("lock", exception);
            return null;
        }
    }

    internal async Task ReleaseLockAsync(SessionLockLease lease)
    {
        try
        {
            await _store.ReleaseLockAsync(lease.Id, lease.IdHash, lease.Token);
        }
        catch (SessionStoreUnavailableException exception)
        {
            // The hold time releases it anyway.
            SessionLog.StoreUnavailable(Logger, "unlock", Options.OutagePolicy, exception);
        }
    }
}
