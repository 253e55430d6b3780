namespace SessionSample.Sessions;

/// <summary>Id changes: regeneration at sign-in (against fixation) and invalidation at sign-out.</summary>
internal sealed partial class RedisSession
{
    public async Task RegenerateIdAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanChangeId("regenerate");
        await _writing.WaitAsync();
        try
        {
            if (!_lifecycle.IsStored)
            {
                // Nothing is stored under the current id: a fresh one is enough.
                UseId(SessionIds.NewId());
                return;
            }

            for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
            {
                var newId = SessionIds.NewId();
                var newHandle = SessionIds.HandleOf(newId);
                MoveResult move;
                try
                {
                    move = await _store.RegenerateAsync(_handle, newHandle, Lease?.Token);
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // Keeping a possibly planted id is not acceptable, whatever the outage policy says.
                    throw FailClosed("regenerate", exception);
                }

                switch (move.Write.Result)
                {
                    case ScriptResult.Ok:
                        var from = _handle;
                        Moved(newId, move.Write);
                        _binding = move.Previous;
                        _store.Events.Regenerated(from, newHandle, _binding?.UserName);
                        await MoveIndexEntryAsync(from);
                        return;
                    case ScriptResult.Missing:
                        // Expired before this request moved it: continue as a new session.
                        StartNew();
                        return;
                    case ScriptResult.Gone:
                        _lifecycle.FoundGone();
                        throw Refused("regenerate");
                }
            }

            throw new InvalidOperationException($"No free session id after {MaxIdAttempts} attempts.");
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanChangeId("invalidate", allowGone: true);
        await _writing.WaitAsync();
        try
        {
            if (_lifecycle.IsStored)
            {
                EndResult ended;
                try
                {
                    ended = await _store.EndAsync(_handle);
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // A sign-out that silently keeps the session alive is worse than an error page.
                    throw FailClosed("invalidate", exception);
                }

                if (ended.Result == ScriptResult.Ok)
                {
                    _store.Events.Ended(_handle, ended.UserName, SessionEndReason.SignedOut);
                    await LeaveIndexAsync(ended.UserName);
                }
            }

            _changes?.Reset();
            _lifecycle.Ended();
            UseId(SessionIds.NewId());
            _snapshot = SessionSnapshot.Empty();
            _binding = null;
            CreatedAt = LastAccessedAt = ExpiresAt = null;
            _cookie.Delete();
        }
        finally
        {
            _writing.Release();
        }
    }

    private void EnsureCanChangeId(string operation, bool allowGone = false)
    {
        ResolveOrThrowIfUnresolved();
        if (_lifecycle.Phase != SessionPhase.Open)
        {
            throw new InvalidOperationException($"The session id cannot change ({operation}) after the response has started: the new cookie could not be sent.");
        }

        var permission = _lifecycle.CanChange();
        if (permission == ChangePermission.Unavailable)
        {
            throw new SessionStoreUnavailableException($"The session store was unavailable earlier in this request; the session cannot {operation}.");
        }

        if (permission != ChangePermission.Allowed && !(allowGone && permission == ChangePermission.Gone))
        {
            throw Refusal(operation, permission);
        }
    }
}
