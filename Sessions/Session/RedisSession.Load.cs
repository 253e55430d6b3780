using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Reading: the cookie resolved once, one shared load, what the synchronous accessors do under an outage; what a request
/// hook (the lock) sees before the load (<see cref="IHookedSession"/>); the binding the sign-in module reads and drives.
/// </summary>
internal sealed partial class RedisSession : IHookedSession, ISessionSignInFeature, IWriteNowSession
{
    /// <summary>What a request hook holds on the session (the lock): a regeneration carries it to the new id; released after the commit.</summary>
    public ISessionHold? Hold { get; set; }

    /// <summary>The load found the session moved (or moving) to a new id by another request, not ended: its sign-in lives on, so the sign-in cookie must stay.</summary>
    public bool FoundMoved { get; private set; }

    public string? UserName
    {
        get
        {
            LoadSynchronously();
            return Binding?.UserName;
        }
    }

    /// <summary>The sign-in's random id, which the sign-in cookie carries as a claim; null while anonymous.</summary>
    public string? SignInId => Binding?.SignInId;

    public IWriteNowTarget WriteNow => _writeNow ??= new(this);

    public Task SignInAsync(string userName, string? userAgent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        var binder = Binder ?? throw SessionModules.NotAdded(SessionModule.SignInBinding);
        return binder.SignInAsync(new SessionSignInTarget(this, Identity), userName, userAgent);
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            ResolveOrThrowIfUnresolved();
            if (Lifecycle.State == SessionState.Degraded)
            {
                throw new SessionStoreUnavailableException("The session store was unavailable earlier in this request (fail-open); the session was not loaded.");
            }

            if (Lifecycle.NeedsLoad)
            {
                // Shared: a second caller waits for the same load; a canceled wait leaves the load to finish.
                await (_load ??= LoadCoreAsync()).WaitAsync(cancellationToken);
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // LoadAsync fails closed under either policy, as the built-in session's does.
            throw Failures.FailClosed(SessionOperation.Load, exception);
        }
    }

    private async Task LoadCoreAsync()
    {
        var loaded = await Store.LoadAsync(Handle);
        Activity.Touched(Handle);
        FoundMoved = loaded.Result == ScriptResult.Moved;
        if (loaded.Result is not (ScriptResult.Ok or ScriptResult.Gone or ScriptResult.Moved))
        {
            SessionLog.NotFound(Store.Logger, Handle.LogHash);
        }

        if (Found(loaded.Result))
        {
            Lifecycle.Loaded();
            Snapshot = loaded.Snapshot;
            CreatedAt = loaded.Snapshot!.CreatedAt;
            LastAccessedAt = loaded.LastAccessedAt;
            ExpiresAt = loaded.ExpiresAt;
            Binding = OwnerOf(loaded.Fields);
            if (Binding is not null)
            {
                Activity.UserActive(Store, Binder!, Handle, Binding.UserHandle);
            }
        }
    }

    /// <summary>
    /// What a read (a load, a flash take) found: true when the session is there. Ended or moved by another request: nothing
    /// to read, writes refused. Expired or never stored: a new session under a fresh id (never adopt an id the store does not know).
    /// </summary>
    internal bool Found(ScriptResult result)
    {
        switch (result)
        {
            case ScriptResult.Ok:
                return true;
            case ScriptResult.Gone or ScriptResult.Moved:
                Lifecycle.FoundGone();
                Snapshot = SessionSnapshot.Empty();
                return false;
            default:
                StartNew();
                return false;
        }
    }

    /// <summary>ISession's synchronous members (TempData uses them) need the data now.</summary>
    private void LoadSynchronously()
    {
        if (!Resolve() || !Lifecycle.NeedsLoad)
        {
            return;
        }

        try
        {
            (_load ??= LoadCoreAsync()).GetAwaiter().GetResult();
        }
        catch (SessionStoreUnavailableException exception)
        {
            Failures.Outage(SessionOperation.Load, exception);
        }
    }

    SessionHandle? IHookedSession.ResolveStored()
    {
        ResolveOrThrowIfUnresolved();
        return Lifecycle.IsStored ? Handle : null;
    }

    SessionStoreUnavailableException IHookedSession.FailClosed(SessionOperation operation, SessionStoreUnavailableException exception) =>
        Failures.FailClosed(operation, exception);

    /// <summary>Reads the cookie once; false when an outage degraded the session (fail-open).</summary>
    internal bool Resolve()
    {
        if (Lifecycle.State != SessionState.Unresolved)
        {
            return Lifecycle.State != SessionState.Degraded;
        }

        try
        {
            ResolveOrThrowIfUnresolved();
            return true;
        }
        catch (SessionStoreUnavailableException exception)
        {
            Failures.Outage(SessionOperation.Cookie, exception);
            return false;
        }
    }

    internal void ResolveOrThrowIfUnresolved()
    {
        if (Lifecycle.State == SessionState.Unresolved)
        {
            var id = Cookie.CurrentId();
            Lifecycle.Resolved(hasId: id is not null);
            UseId(id ?? SessionIds.NewId());
            if (id is null)
            {
                Snapshot = SessionSnapshot.Empty();
            }
        }
    }

    /// <summary>Continues as a brand-new, empty session under a fresh id (pending changes are kept and will create it).</summary>
    internal void StartNew()
    {
        Lifecycle.NotFound();
        Forget();
    }

    internal void Forget()
    {
        UseId(SessionIds.NewId());
        Snapshot = SessionSnapshot.Empty();
        Binding = null;
        CreatedAt = LastAccessedAt = ExpiresAt = null;
    }

    internal void UseId(string id)
    {
        _id = id;
        Handle = SessionIds.HandleOf(id);
    }

    /// <summary>The owner among a session's stored fields; always null without the module (nobody can be bound).</summary>
    internal ISessionOwner? OwnerOf(RedisResult[]? fields) => fields is null ? null : Binder?.Read(fields);
}
