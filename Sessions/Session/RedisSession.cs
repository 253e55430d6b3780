using System.Diagnostics.CodeAnalysis;

namespace SessionSample.Sessions;

/// <summary>
/// One request's view of its session. Nothing is sent to Redis until the session is touched; then one
/// script loads it (and slides its expiry), and when the response starts one script writes only what
/// changed, so concurrent requests that write different keys never overwrite each other. What the session
/// may do at each moment is <see cref="SessionLifecycle"/>'s call and <see cref="SessionGuard"/>'s check; the
/// pending changes are <see cref="SessionChangeSet"/>'s; the cookie is <see cref="SessionCookie"/>'s; Redis is
/// <see cref="SessionStore"/>'s; id changes are <see cref="SessionIdentity"/>'s; failures are <see cref="SessionFailures"/>'s.
/// </summary>
internal sealed partial class RedisSession : IRedisSession
{
    // The session's parts beyond reading, built on first use: a request that only reads allocates none of them.
    private SessionGuard? _guard;
    private SessionFailures? _failures;
    private SessionIdentity? _identity;
    private SessionWriteNow? _writeNow;
    private string _id = string.Empty;
    private SessionChangeSet? _changes;
    private Task? _load;

    /// <param name="binder">The sign-in binding module, null when it is not added.</param>
    public RedisSession(SessionStore store, SessionCookie cookie, SessionActivity activity, SessionModules modules, ISessionBinder? binder)
    {
        Store = store;
        Cookie = cookie;
        Activity = activity;
        Modules = modules;
        Binder = binder;
    }

    internal SessionStore Store { get; }

    internal SessionCookie Cookie { get; }

    internal SessionActivity Activity { get; }

    internal SessionModules Modules { get; }

    internal ISessionBinder? Binder { get; }

    internal SessionGuard Guard => _guard ??= new(this);

    internal SessionFailures Failures => _failures ??= new(this);

    private SessionIdentity Identity => _identity ??= new(this);

    internal SessionLifecycle Lifecycle { get; } = new();

    // One store operation at a time: a commit never races another commit or a write-through of this request.
    internal SemaphoreSlim Writing { get; } = new(1, 1);

    internal SessionHandle Handle { get; private set; } = new(string.Empty, string.Empty);

    internal SessionSnapshot? Snapshot { get; set; }

    /// <summary>This request's pending changes, null while it has none.</summary>
    internal SessionChangeSet? PendingChanges => _changes;

    internal SessionChangeSet Changes => _changes ??= new SessionChangeSet();

    /// <summary>Who the session is bound to, as the sign-in binding module read it; null while anonymous.</summary>
    internal ISessionOwner? Binding { get; set; }

    /// <summary>
    /// A collision-safe stand-in for the id (SHA-256 of it), never the id itself: the id is a bearer
    /// credential, and code that logs or shows <c>Session.Id</c> must not leak it. Empty while the session
    /// is unavailable (fail-open), as with the built-in session.
    /// </summary>
    public string Id
    {
        get
        {
            LoadSynchronously();
            return Lifecycle.State == SessionState.Degraded ? string.Empty : Handle.Id;
        }
    }

    /// <summary>Loads the session if needed; false when the store cannot be reached (never throws, as with the built-in session).</summary>
    public bool IsAvailable
    {
        get
        {
            try
            {
                LoadSynchronously();
            }
            catch (SessionStoreUnavailableException)
            {
                return false;
            }

            return Lifecycle.State != SessionState.Degraded;
        }
    }

    public DateTimeOffset? CreatedAt { get; internal set; }

    public DateTimeOffset? LastAccessedAt { get; internal set; }

    public DateTimeOffset? ExpiresAt { get; internal set; }

    public long SizeBytes => _changes is null ? Snapshot?.Bytes ?? 0 : _changes.BytesAfter(Snapshot ?? SessionSnapshot.Empty());

    public IEnumerable<string> Keys
    {
        get
        {
            LoadSynchronously();
            return SessionChangeSet.VisibleKeys(Snapshot, _changes);
        }
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_changes is not null && _changes.TryGetPending(key, out var pending))
        {
            value = pending;
            return value is not null;
        }

        value = null;
        if (!SessionSchema.IsReserved(key) && _changes?.IsWipedByClear(key) != true)
        {
            LoadSynchronously();
            return Snapshot is not null && Snapshot.TryGetValue(key, out value);
        }

        return false;
    }

    public void Set(string key, byte[] value)
    {
        SessionGuard.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        Guard.Buffer(SessionOperation.Set, key, value, "value");
    }

    public void Remove(string key)
    {
        SessionGuard.ValidateKey(key);
        if (!Guard.AllowBufferedChange(SessionOperation.Remove))
        {
            return;
        }

        // Removing what this request knows is not there changes nothing (MVC removes an empty TempData key
        // on every page view that reads it): no write, as with the built-in session.
        if (Snapshot is not null && !Snapshot.IsStored(key) && (_changes is null || !_changes.Changes.ContainsKey(key)))
        {
            return;
        }

        Changes.Remove(key);
    }

    public void Clear()
    {
        if (Guard.AllowBufferedChange(SessionOperation.Clear))
        {
            Changes.Clear();
        }
    }

    /// <summary>Writes the pending changes now. A commit that was sent always completes: the token only stops one that has not started.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await CommitCoreAsync(SessionOperation.Commit);
    }

    public Task RegenerateIdAsync(CancellationToken cancellationToken = default) => Identity.RegenerateIdAsync(cancellationToken);

    public Task InvalidateAsync(CancellationToken cancellationToken = default) => Identity.InvalidateAsync(cancellationToken);

    /// <summary>The request failed: its pending changes may be half done, so none is written.</summary>
    internal void Abandon()
    {
        if (_changes is { IsEmpty: false } changes)
        {
            Failures.LoseChanges(changes, "request_failed");
        }

        Lifecycle.Abandon();
    }

    /// <summary>Releases what a request hook held (after the commit, or when the request failed).</summary>
    internal async Task ReleaseHoldAsync()
    {
        if (Hold is { } hold)
        {
            Hold = null;
            await hold.ReleaseAsync();
        }
    }
}
