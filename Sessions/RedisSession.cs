using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>
/// One request's view of its session. Nothing is sent to Redis until the session is touched; then one
/// script loads it (and slides its expiry), and at the end of the request one script writes only what
/// changed. Concurrent requests that write different keys therefore never overwrite each other.
/// </summary>
internal sealed partial class RedisSession : IRedisSession
{
    private const int MaxIdAttempts = 3;
    private static long s_flashSequence;

    private readonly HttpContext _context;
    private readonly SessionStore _store;
    private readonly SessionCookieCodec _codec;
    private readonly CookieSecurePolicy _securePolicy;
    private readonly string? _cookie;

    private string _id = string.Empty;
    private string? _idHash;
    private bool _idResolved;

    // True while the id is not stored in Redis: a new session costs nothing until it is written.
    private bool _isNew;
    private bool _loaded;

    // The session existed when this request loaded it: if it is gone later, someone deleted or renamed it.
    private bool _existedAtLoad;

    // Fail-open after an outage: an empty session that is never saved.
    private bool _degraded;

    // Deleted or renamed by another request: this request writes nothing more.
    private bool _stale;

    private bool _cleared;
    private Dictionary<string, byte[]>? _values;
    private long _loadedBytes;

    // Changes not yet written; a null value is a removal. Flash messages wait here as ~flash: fields.
    private Dictionary<string, byte[]?>? _pending;
    private bool _hasStoredFlashes;

    private bool _issueCookie;
    private bool _deleteCookie;
    private bool _responseCommitDone;

    public RedisSession(HttpContext context, SessionStore store, SessionCookieCodec codec, CookieSecurePolicy securePolicy, string? cookie)
    {
        _context = context;
        _store = store;
        _codec = codec;
        _securePolicy = securePolicy;
        _cookie = cookie;
    }

    private RedisSessionOptions Options => _store.Options;

    private ILogger Logger => _store.Logger;

    internal string IdHash
    {
        get
        {
            EnsureId();
            return _idHash ??= SessionIds.Hash(_id);
        }
    }

    /// <summary>
    /// The short hash of the id (as in logs and traces), not the id itself: the id is a bearer credential
    /// and code that logs <c>Session.Id</c> must not leak it.
    /// </summary>
    public string Id => IdHash;

    public bool IsAvailable => !_degraded;

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateTimeOffset? LastAccessedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public long SizeBytes => CurrentBytes();

    public IEnumerable<string> Keys
    {
        get
        {
            LoadSynchronously();
            var keys = new List<string>();
            if (!_cleared && _values is not null)
            {
                foreach (var key in _values.Keys)
                {
                    if (_pending is null || !_pending.ContainsKey(key))
                    {
                        keys.Add(key);
                    }
                }
            }

            if (_pending is not null)
            {
                foreach (var (key, value) in _pending)
                {
                    if (value is not null && !IsReserved(key))
                    {
                        keys.Add(key);
                    }
                }
            }

            return keys;
        }
    }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        EnsureId();
        if (_loaded)
        {
            return;
        }

        LoadedSession? loaded;
        try
        {
            loaded = await _store.LoadAsync(_id, IdHash).WaitAsync(cancellationToken);
        }
        catch (SessionStoreUnavailableException exception)
        {
            Outage("load", exception);
            return;
        }

        _loaded = true;
        if (loaded is null)
        {
            // Expired, deleted or never stored: never adopt an id the store does not know.
            SessionLog.NotFound(Logger, IdHash);
            StartNew();
            return;
        }

        _existedAtLoad = true;
        _values = loaded.Values;
        _loadedBytes = loaded.Bytes;
        _hasStoredFlashes = loaded.HasFlashes;
        CreatedAt = loaded.CreatedAt;
        LastAccessedAt = loaded.LastAccessedAt;
        ExpiresAt = _store.Time.GetUtcNow() + loaded.Ttl;
    }

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_pending is not null && _pending.TryGetValue(key, out var pending))
        {
            value = pending;
            return value is not null;
        }

        if (!_cleared && !IsReserved(key))
        {
            LoadSynchronously();
            if (_values is not null && _values.TryGetValue(key, out var stored))
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
        EnsureId();
        CheckSize(key, value);
        (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[key] = value;
    }

    public void Remove(string key)
    {
        ValidateKey(key);
        EnsureId();
        (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[key] = null;
    }

    public void Clear()
    {
        EnsureId();
        _cleared = true;
        if (_pending is null)
        {
            return;
        }

        foreach (var key in _pending.Keys)
        {
            if (!IsReserved(key))
            {
                _pending.Remove(key);
            }
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (!_cleared && (_pending is null || _pending.Count == 0))
        {
            return;
        }

        if (_degraded || _stale)
        {
            if (_degraded)
            {
                SessionLog.DegradedWriteSkipped(Logger, IdHash, "commit");
            }
            else
            {
                SessionTelemetry.StaleCommitsDropped.Add(1, new KeyValuePair<string, object?>("operation", "commit"));
                SessionLog.StaleWriteDropped(Logger, IdHash, "commit");
            }

            ForgetChanges();
            return;
        }

        var changes = new List<KeyValuePair<string, byte[]?>>(_pending?.Count ?? 0);
        var sets = 0;
        if (_pending is not null)
        {
            foreach (var change in _pending)
            {
                // A new session has nothing to remove.
                if (change.Value is not null || !_isNew)
                {
                    changes.Add(change);
                    sets += change.Value is null ? 0 : 1;
                }
            }
        }

        if (_isNew && sets == 0)
        {
            // Never store an empty session: it would cost Redis memory and a cookie for nothing.
            ForgetChanges();
            return;
        }

        var clear = _cleared && !_isNew;
        var serverSideLimit = !_loaded && sets > 0 ? Options.HardSessionBytes : 0;
        var status = await WriteAsync("commit", clear, serverSideLimit, changes).WaitAsync(cancellationToken);
        if (status == WriteStatus.Ok)
        {
            MergeCommitted();
        }

        ForgetChanges();
        if (status == WriteStatus.TooLarge)
        {
            throw HardLimit("session", -1, Options.HardSessionBytes);
        }
    }

    /// <summary>Writes pending changes and sets or deletes the cookie; runs once, before the response starts.</summary>
    internal async ValueTask CommitBeforeResponseAsync()
    {
        if (_responseCommitDone)
        {
            return;
        }

        _responseCommitDone = true;
        await CommitAsync();
        ApplyCookie();
    }

    internal bool ResponseCommitPending => !_responseCommitDone;

    /// <summary>The request failed: its pending changes must not be written.</summary>
    internal void Abandon() => _responseCommitDone = true;

    private void ApplyCookie()
    {
        var cookieOptions = Options.Cookie;
        if (_issueCookie)
        {
            _context.Response.Cookies.Append(cookieOptions.Name, _codec.Protect(_id), BuildCookieOptions());
        }
        else if (_deleteCookie)
        {
            _context.Response.Cookies.Delete(cookieOptions.Name, BuildCookieOptions());
        }
    }

    private CookieOptions BuildCookieOptions() => new()
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = Options.Cookie.SameSite,
        Path = Options.Cookie.Path,
        Domain = Options.Cookie.Domain,
        Secure = _securePolicy switch
        {
            CookieSecurePolicy.Always => true,
            CookieSecurePolicy.None => false,
            _ => _context.Request.IsHttps,
        },
    };

    private async Task<WriteStatus> WriteAsync(string operation, bool clear, long serverSideLimit, IReadOnlyCollection<KeyValuePair<string, byte[]?>> changes)
    {
        for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            WriteStatus status;
            try
            {
                status = await _store.WriteAsync(operation, _id, IdHash, _isNew, clear, serverSideLimit, changes);
            }
            catch (SessionStoreUnavailableException exception)
            {
                Outage(operation, exception);
                SessionLog.DegradedWriteSkipped(Logger, IdHash, operation);
                return WriteStatus.Stale;
            }

            switch (status)
            {
                case WriteStatus.Ok:
                    MarkStored();
                    return status;
                case WriteStatus.IdTaken:
                    StartNewId();
                    continue;
                case WriteStatus.Stale:
                    _stale = true;
                    return status;
                default:
                    return status;
            }
        }

        return WriteStatus.IdTaken;
    }

    private void MarkStored()
    {
        if (_isNew)
        {
            _isNew = false;
            _issueCookie = true;
            _deleteCookie = false;
            CreatedAt ??= _store.Time.GetUtcNow();
        }

        ExpiresAt = _store.Time.GetUtcNow() + Options.IdleTimeout;
    }

    private void MergeCommitted()
    {
        if (!_loaded)
        {
            return;
        }

        if (_cleared)
        {
            _values?.Clear();
            _loadedBytes = 0;
        }

        if (_pending is null)
        {
            return;
        }

        foreach (var (key, value) in _pending)
        {
            if (IsReserved(key))
            {
                continue;
            }

            if (value is null)
            {
                RemoveLocally(key);
            }
            else
            {
                StoreLocally(key, value);
            }
        }
    }

    private void StoreLocally(string key, byte[] value)
    {
        if (!_loaded)
        {
            return;
        }

        _values ??= new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (_values.TryGetValue(key, out var old))
        {
            _loadedBytes -= key.Length + old.Length;
        }

        _values[key] = value;
        _loadedBytes += key.Length + value.Length;
    }

    private void RemoveLocally(string key)
    {
        if (_values is not null && _values.Remove(key, out var old))
        {
            _loadedBytes -= key.Length + old.Length;
        }
    }

    private void ForgetChanges()
    {
        _pending = null;
        _cleared = false;
    }

    private void EnsureId()
    {
        if (_idResolved)
        {
            return;
        }

        _idResolved = true;
        if (_cookie is not null)
        {
            var id = _codec.TryUnprotect(_cookie, out var rejection);
            if (id is not null)
            {
                _id = id;
                return;
            }

            SessionLog.CookieRejected(Logger, rejection!);
        }

        StartNew();
    }

    /// <summary>Continues as a brand-new, empty session (pending changes are kept and will create it).</summary>
    private void StartNew()
    {
        StartNewId();
        _isNew = true;
        _loaded = true;
        _existedAtLoad = false;
        _values = null;
        _loadedBytes = 0;
        _hasStoredFlashes = false;
        CreatedAt = null;
        LastAccessedAt = null;
        ExpiresAt = null;
    }

    private void StartNewId()
    {
        _id = SessionIds.NewId();
        _idHash = null;
    }

    private void LoadSynchronously()
    {
        if (!_idResolved || !_loaded)
        {
            // ISession's synchronous members (TempData uses them) need the data now.
            LoadAsync().GetAwaiter().GetResult();
        }
    }

    private void Outage(string operation, SessionStoreUnavailableException exception, bool failClosed = false)
    {
        var policy = failClosed ? SessionOutagePolicy.FailClosed : Options.OutagePolicy;
        SessionLog.StoreUnavailable(Logger, operation, policy, exception);
        SessionTelemetry.OutageDecisions.Add(
            1,
            new KeyValuePair<string, object?>("policy", policy == SessionOutagePolicy.FailClosed ? "fail_closed" : "fail_open"),
            new KeyValuePair<string, object?>("operation", operation));
        if (policy == SessionOutagePolicy.FailClosed)
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        _degraded = true;
        _loaded = true;
        _idResolved = true;
        _values = null;
        _loadedBytes = 0;
        _hasStoredFlashes = false;
    }

    // Not "__": ASP.NET Core itself stores TempData under "__ControllerTempData".
    internal const char ReservedPrefix = '~';

    private static bool IsReserved(string key) => key.StartsWith(ReservedPrefix);

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (IsReserved(key))
        {
            throw new ArgumentException($"Session keys starting with \"{ReservedPrefix}\" are reserved for the store's metadata.", nameof(key));
        }
    }
}

/// <summary>A held session lock: the id it was taken on (the session may be regenerated meanwhile) and the owner token.</summary>
internal sealed record SessionLockLease(string Id, string IdHash, string Token);
