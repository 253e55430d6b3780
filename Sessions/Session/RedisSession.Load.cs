namespace SessionSample.Sessions;

/// <summary>
/// Reading: the cookie resolved once, one shared load, and what the synchronous accessors do under an outage; and what
/// a request hook (the lock module) sees of the session before it loads (<see cref="IHookedSession"/>).
/// </summary>
internal sealed partial class RedisSession : IHookedSession
{
    /// <summary>What a request hook holds on the session (the lock): a regeneration carries it to the new id; released after the commit.</summary>
    public ISessionHold? Hold { get; set; }

    /// <summary>
    /// The load found the session moved or moving to a new id by another request (a regeneration, a sign-in), not
    /// ended: this request cannot use it, but its sign-in lives on, so the sign-in cookie must not be deleted.
    /// </summary>
    internal bool FoundMoved { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            ResolveOrThrowIfUnresolved();
            if (_lifecycle.State == SessionState.Degraded)
            {
                throw new SessionStoreUnavailableException("The session store was unavailable earlier in this request (fail-open); the session was not loaded.");
            }

            if (_lifecycle.NeedsLoad)
            {
                // Shared: a second caller waits for the same load; a canceled wait leaves the load to finish.
                await (_load ??= LoadCoreAsync()).WaitAsync(cancellationToken);
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // LoadAsync fails closed under either policy, as the built-in session's does.
            throw FailClosed(SessionOperation.Load, exception);
        }
    }

    private async Task LoadCoreAsync()
    {
        var loaded = await _store.LoadAsync(_handle);
        _activity.Touched(_handle);
        switch (loaded.Result)
        {
            case ScriptResult.Ok:
                _lifecycle.Loaded();
                _snapshot = loaded.Snapshot;
                CreatedAt = loaded.Snapshot!.CreatedAt;
                LastAccessedAt = loaded.LastAccessedAt;
                ExpiresAt = loaded.ExpiresAt;
                _binding = OwnerOf(loaded.Fields);
                if (_binding is not null)
                {
                    _activity.UserActive(_store, _binder!, _handle, _binding.UserHandle);
                }

                break;
            case ScriptResult.Gone or ScriptResult.Moved:
                // Ended or moved by another request: this one reads nothing, and its writes will be refused.
                _lifecycle.FoundGone();
                FoundMoved = loaded.Result == ScriptResult.Moved;
                _snapshot = SessionSnapshot.Empty();
                break;
            default:
                // Expired or never stored: never adopt an id the store does not know.
                SessionLog.NotFound(_store.Logger, _handle.LogHash);
                StartNew();
                break;
        }
    }

    /// <summary>ISession's synchronous members (TempData uses them) need the data now.</summary>
    private void LoadSynchronously()
    {
        if (!Resolve() || !_lifecycle.NeedsLoad)
        {
            return;
        }

        try
        {
            (_load ??= LoadCoreAsync()).GetAwaiter().GetResult();
        }
        catch (SessionStoreUnavailableException exception)
        {
            Outage(SessionOperation.Load, exception);
        }
    }

    SessionHandle? IHookedSession.ResolveStored()
    {
        ResolveOrThrowIfUnresolved();
        return _lifecycle.IsStored ? _handle : null;
    }

    SessionStoreUnavailableException IHookedSession.FailClosed(SessionOperation operation, SessionStoreUnavailableException exception) =>
        FailClosed(operation, exception);

    /// <summary>Releases what a request hook held (after the commit, or when the request failed).</summary>
    internal async Task ReleaseHoldAsync()
    {
        if (Hold is { } hold)
        {
            Hold = null;
            await hold.ReleaseAsync();
        }
    }

    /// <summary>Reads the cookie once; false when an outage degraded the session (fail-open).</summary>
    private bool Resolve()
    {
        if (_lifecycle.State != SessionState.Unresolved)
        {
            return _lifecycle.State != SessionState.Degraded;
        }

        try
        {
            ResolveOrThrow();
            return true;
        }
        catch (SessionStoreUnavailableException exception)
        {
            Outage(SessionOperation.Cookie, exception);
            return false;
        }
    }

    private void ResolveOrThrow()
    {
        var id = _cookie.CurrentId();
        if (id is null)
        {
            _lifecycle.Resolved(hasId: false);
            UseId(SessionIds.NewId());
            _snapshot = SessionSnapshot.Empty();
        }
        else
        {
            _lifecycle.Resolved(hasId: true);
            UseId(id);
        }
    }

    /// <summary>Continues as a brand-new, empty session under a fresh id (pending changes are kept and will create it).</summary>
    private void StartNew()
    {
        _lifecycle.NotFound();
        UseId(SessionIds.NewId());
        _snapshot = SessionSnapshot.Empty();
        _binding = null;
        CreatedAt = null;
        LastAccessedAt = null;
        ExpiresAt = null;
    }

    private void UseId(string id)
    {
        _id = id;
        _handle = SessionIds.HandleOf(id);
    }
}
