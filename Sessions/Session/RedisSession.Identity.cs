namespace SessionSample.Sessions;

/// <summary>Id changes: regeneration at sign-in (against fixation) and invalidation at sign-out.</summary>
internal sealed partial class RedisSession
{
    public async Task RegenerateIdAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanChangeId(SessionOperation.Regenerate);
        await _writing.WaitAsync();
        try
        {
            if (!_lifecycle.IsStored)
            {
                // Nothing is stored under the current id: a fresh one is enough.
                UseId(SessionIds.NewId());
                return;
            }

            await NewIdRetry.RunAsync<bool>(async () =>
            {
                var newId = SessionIds.NewId();
                var newHandle = SessionIds.HandleOf(newId);
                MoveResult move;
                try
                {
                    move = await _store.Move.RegenerateAsync(_handle, newHandle, Hold?.Token);
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // Keeping a possibly planted id is not acceptable, whatever the outage policy says.
                    throw FailClosed(SessionOperation.Regenerate, exception);
                }

                switch (move.Write.Result)
                {
                    case ScriptResult.Ok:
                        var from = _handle;
                        Moved(newId, move.Write);
                        _binding = OwnerOf(move.Previous);
                        _store.Events.Regenerated(from, newHandle, _binding?.UserName);
                        await MoveIndexEntryAsync(from);
                        return (true, true);
                    case ScriptResult.Missing:
                        // Expired before this request moved it: continue as a new session.
                        StartNew();
                        return (true, true);
                    case ScriptResult.Gone or ScriptResult.Moved:
                        _lifecycle.FoundGone();
                        throw Refused(SessionOperation.Regenerate);
                    default:
                        return (false, false);
                }
            });
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanChangeId(SessionOperation.Invalidate, allowGone: true);
        await _writing.WaitAsync();
        try
        {
            // A session another request is moving is still this one's to end: a move is not an ending.
            if (_lifecycle.IsStored || FoundMoved)
            {
                await EndForSignOutAsync();
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

    /// <summary>
    /// Ends the session with force: one in the middle of another request's move is ended too, and its mover then finds
    /// the move given up and discards its copy. A sign-out that lets a concurrent regeneration carry the sign-in away
    /// is worse than an error page, so when the move has finished it either ends the new id through the index or fails.
    /// </summary>
    private async Task EndForSignOutAsync()
    {
        EndResult ended;
        try
        {
            ended = await _store.EndAsync(_handle, force: true);
            if (ended.Result == ScriptResult.Moved)
            {
                await EndMovedAsync();
                return;
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // A sign-out that silently keeps the session alive is worse than an error page.
            throw FailClosed(SessionOperation.Invalidate, exception);
        }

        if (ended.Result == ScriptResult.Ok)
        {
            var userName = _binder?.UserNameOf(ended.User);
            _store.Events.Ended(_handle, userName, SessionEndReason.SignedOut);
            await LeaveIndexAsync(userName);
        }
    }

    /// <summary>
    /// The session moved to a new id this request cannot name. Taking its old entry out of the index makes the mover's
    /// index step end the new id (<see cref="ISessionBinder.FollowMoveAsync"/>); when the entry has moved already (or
    /// this request never knew whose the session was), the sign-in lives on, and the sign-out must fail, not answer done.
    /// </summary>
    private async Task EndMovedAsync()
    {
        if (_binding is { } binding && _binder is { } binder && await binder.RemoveAsync(binding.UserName, _handle))
        {
            _store.Events.Ended(_handle, binding.UserName, SessionEndReason.SignedOut);
            return;
        }

        throw Refused(SessionOperation.Invalidate);
    }

    private void EnsureCanChangeId(SessionOperation operation, bool allowGone = false)
    {
        ResolveOrThrowIfUnresolved();
        if (_lifecycle.Phase != SessionPhase.Open)
        {
            throw new InvalidOperationException($"The session id cannot change ({operation.Tag()}) after the response has started: the new cookie could not be sent.");
        }

        var permission = _lifecycle.CanChange();
        if (permission == ChangePermission.Unavailable)
        {
            throw new SessionStoreUnavailableException($"The session store was unavailable earlier in this request; the session id cannot change ({operation.Tag()}).");
        }

        if (permission != ChangePermission.Allowed && !(allowGone && permission == ChangePermission.Gone))
        {
            throw Refusal(operation, permission);
        }
    }
}
