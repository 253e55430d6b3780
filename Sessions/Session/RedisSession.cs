using System.Diagnostics.CodeAnalysis;

namespace SessionSample.Sessions;

/// <summary>
/// One request's view of its session. Nothing is sent to Redis until the session is touched; then one
/// script loads it (and slides its expiry), and when the response starts one script writes only what
/// changed, so concurrent requests that write different keys never overwrite each other. What the session
/// may do at each moment is <see cref="SessionLifecycle"/>'s call; the pending changes are
/// <see cref="SessionChangeSet"/>'s; the cookie is <see cref="SessionCookie"/>'s; Redis is <see cref="SessionStore"/>'s.
/// </summary>
internal sealed partial class RedisSession : IRedisSession
{
    private readonly SessionStore _store;
    private readonly SessionCookie _cookie;
    private readonly SessionActivity _activity;
    private readonly SessionModules _modules;
    private readonly ISessionBinder? _binder;
    private readonly SessionLifecycle _lifecycle = new();

    // One store operation at a time: a commit never races another commit or a write-through of this request.
    private readonly SemaphoreSlim _writing = new(1, 1);

    private string _id = string.Empty;
    private SessionHandle _handle = new(string.Empty, string.Empty);
    private SessionSnapshot? _snapshot;
    private SessionChangeSet? _changes;
    private Task? _load;

    /// <param name="modules">The modules the app added, which the write-through module's calls require.</param>
    /// <param name="binder">The sign-in binding module, null when it is not added.</param>
    public RedisSession(SessionStore store, SessionCookie cookie, SessionActivity activity, SessionModules modules, ISessionBinder? binder)
    {
        _modules = modules;
        _binder = binder;
        _store = store;
        _cookie = cookie;
        _activity = activity;
    }

    private RedisSessionOptions Options => _store.Options;

    internal SessionState State => _lifecycle.State;

    internal SessionPhase Phase => _lifecycle.Phase;

    /// <summary>The raw id (never shown anywhere but the cookie); empty until resolved.</summary>
    internal string RawId => _id;

    internal string IdHash
    {
        get
        {
            Resolve();
            return _handle.LogHash;
        }
    }

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
            return _lifecycle.State == SessionState.Degraded ? string.Empty : _handle.Id;
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

            return _lifecycle.State != SessionState.Degraded;
        }
    }

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateTimeOffset? LastAccessedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public long SizeBytes => _changes is null ? _snapshot?.Bytes ?? 0 : _changes.BytesAfter(_snapshot ?? SessionSnapshot.Empty());

    public IEnumerable<string> Keys
    {
        get
        {
            LoadSynchronously();
            var keys = new List<string>();
            if (_snapshot is not null)
            {
                foreach (var key in _snapshot.Keys)
                {
                    if (_changes is null || (!_changes.Changes.ContainsKey(key) && !_changes.IsWipedByClear(key)))
                    {
                        keys.Add(key);
                    }
                }
            }

            if (_changes is not null)
            {
                foreach (var (key, value) in _changes.Changes)
                {
                    if (value is not null && !SessionSchema.IsReserved(key))
                    {
                        keys.Add(key);
                    }
                }
            }

            return keys;
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

        if (!SessionSchema.IsReserved(key) && _changes?.IsWipedByClear(key) != true)
        {
            LoadSynchronously();
            if (_snapshot is not null && _snapshot.TryGetValue(key, out var stored))
            {
                value = stored;
                return true;
            }
        }

        value = null;
        return false;
    }

    public void Set(string key, byte[] value)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        if (AllowBufferedChange(SessionOperation.Set))
        {
            var stored = SealBuffered(value);
            CheckSize(key, stored);
            Changes.Set(key, value, stored);
        }
    }

    public void Remove(string key)
    {
        ValidateKey(key);
        if (!AllowBufferedChange(SessionOperation.Remove))
        {
            return;
        }

        // Removing what this request knows is not there changes nothing (MVC removes an empty TempData key
        // on every page view that reads it): no write, as with the built-in session.
        var known = _snapshot is not null && !_snapshot.IsStored(key);
        if (known && (_changes is null || !_changes.Changes.ContainsKey(key)))
        {
            return;
        }

        Changes.Remove(key);
    }

    public void Clear()
    {
        if (AllowBufferedChange(SessionOperation.Clear))
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

    private SessionChangeSet Changes => _changes ??= new SessionChangeSet();
}
