using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>What <see cref="IRedisSession"/> adds to <see cref="Microsoft.AspNetCore.Http.ISession"/>: write-through operations, id changes and flash messages.</summary>
internal sealed partial class RedisSession
{
    public async Task<long> IncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        EnsureId();
        if (!_degraded && !_stale)
        {
            for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
            {
                (WriteStatus Status, long Value) result;
                try
                {
                    result = await _store.IncrementAsync(_id, IdHash, _isNew, key, delta).WaitAsync(cancellationToken);
                }
                catch (SessionStoreUnavailableException exception)
                {
                    Outage("increment", exception);
                    break;
                }
                catch (RedisServerException exception) when (exception.Message.Contains("not an integer", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Session key '{key}' does not hold an integer, so it cannot be incremented.", exception);
                }

                if (result.Status == WriteStatus.IdTaken)
                {
                    StartNew();
                    continue;
                }

                if (result.Status == WriteStatus.Stale)
                {
                    _stale = true;
                    break;
                }

                MarkStored();
                var bytes = Encoding.ASCII.GetBytes(result.Value.ToString(CultureInfo.InvariantCulture));
                _pending?.Remove(key);
                StoreLocally(key, bytes);
                return result.Value;
            }
        }

        // Not saved (outage under fail-open, or the session is gone): count on what this request sees.
        var current = TryGetValue(key, out var existing) && long.TryParse(Encoding.ASCII.GetString(existing), out var parsed) ? parsed : 0;
        var next = current + delta;
        (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[key] =
            Encoding.ASCII.GetBytes(next.ToString(CultureInfo.InvariantCulture));
        return next;
    }

    public async Task SetNowAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        EnsureId();
        CheckSize(key, value);
        if (_degraded || _stale)
        {
            (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[key] = value;
            return;
        }

        var status = await WriteAsync("set_now", false, _loaded ? 0 : Options.HardSessionBytes, [new(key, value)]).WaitAsync(cancellationToken);
        if (status == WriteStatus.TooLarge)
        {
            throw HardLimit("session", -1, Options.HardSessionBytes);
        }

        if (status == WriteStatus.Ok)
        {
            _pending?.Remove(key);
            StoreLocally(key, value);
        }
        else if (_degraded || _stale)
        {
            (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[key] = value;
        }
    }

    public async Task RemoveNowAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        EnsureId();
        _pending?.Remove(key);
        if (_isNew || _degraded || _stale)
        {
            if (!_isNew)
            {
                (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[key] = null;
            }

            RemoveLocally(key);
            return;
        }

        var status = await WriteAsync("remove_now", false, 0, [new(key, null)]).WaitAsync(cancellationToken);
        if (status == WriteStatus.Ok)
        {
            RemoveLocally(key);
        }
    }

    public async Task RegenerateIdAsync(CancellationToken cancellationToken = default)
    {
        EnsureId();
        if (_degraded || _stale)
        {
            return;
        }

        if (_isNew)
        {
            // Nothing is stored under the current id: a fresh one is enough.
            StartNewId();
            return;
        }

        var oldId = _id;
        var oldIdHash = IdHash;
        for (var attempt = 0; attempt < MaxIdAttempts; attempt++)
        {
            var newId = SessionIds.NewId();
            var newIdHash = SessionIds.Hash(newId);
            WriteStatus status;
            try
            {
                status = await _store.RegenerateAsync(oldId, oldIdHash, newId, newIdHash).WaitAsync(cancellationToken);
            }
            catch (SessionStoreUnavailableException exception)
            {
                // Keeping a possibly fixated id is not acceptable whatever the outage policy says.
                Outage("regenerate", exception, failClosed: true);
                return;
            }

            switch (status)
            {
                case WriteStatus.Ok:
                    _id = newId;
                    _idHash = newIdHash;
                    _issueCookie = true;
                    _deleteCookie = false;
                    return;
                case WriteStatus.Stale when _existedAtLoad:
                    // Another request regenerated or deleted this session first: it owns what remains.
                    _stale = true;
                    return;
                case WriteStatus.Stale:
                    // Expired before this request touched it: continue as a new session.
                    StartNew();
                    return;
                default:
                    continue;
            }
        }
    }

    public async Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        EnsureId();
        if (!_isNew)
        {
            try
            {
                await _store.DeleteAsync(_id, IdHash).WaitAsync(cancellationToken);
            }
            catch (SessionStoreUnavailableException exception)
            {
                // A sign-out that silently keeps the session alive is worse than an error page.
                Outage("invalidate", exception, failClosed: true);
            }
        }

        _pending = null;
        _cleared = false;
        _stale = false;
        StartNew();
        _issueCookie = false;
        _deleteCookie = _cookie is not null;
    }

    public Task AddFlashAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureId();
        var bytes = Encoding.UTF8.GetBytes(message);
        if (bytes.Length > Options.HardValueBytes)
        {
            throw HardLimit("flash", bytes.Length, Options.HardValueBytes);
        }

        // Each flash is its own field, named in time order, so two apps can add flashes at once.
        var sequence = Interlocked.Increment(ref s_flashSequence);
        var field = string.Create(
            CultureInfo.InvariantCulture,
            $"{SessionStore.FlashPrefix}{_store.Time.GetUtcNow().ToUnixTimeMilliseconds():D13}-{sequence:D10}-{Random.Shared.Next():x8}");
        (_pending ??= new Dictionary<string, byte[]?>(StringComparer.Ordinal))[field] = bytes;
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<string>> TakeFlashesAsync(CancellationToken cancellationToken = default)
    {
        EnsureId();
        var taken = new List<KeyValuePair<string, string>>();
        if (_pending is not null)
        {
            foreach (var (field, value) in _pending)
            {
                if (value is not null && field.StartsWith(SessionStore.FlashPrefix, StringComparison.Ordinal))
                {
                    taken.Add(new(field, Encoding.UTF8.GetString(value)));
                }
            }

            foreach (var flash in taken)
            {
                _pending.Remove(flash.Key);
            }
        }

        // A session loaded by this request without flashes needs no round trip: any flash added since
        // is for the next request.
        var mayHaveStored = !_isNew && !_degraded && !_stale && (!_loaded || _hasStoredFlashes);
        if (mayHaveStored)
        {
            try
            {
                var stored = await _store.TakeFlashesAsync(_id, IdHash).WaitAsync(cancellationToken);
                for (var i = 0; i + 1 < stored.Length; i += 2)
                {
                    taken.Add(new((string)stored[i]!, (string)stored[i + 1]!));
                }

                _hasStoredFlashes = false;
            }
            catch (SessionStoreUnavailableException exception)
            {
                Outage("flash", exception);
            }
        }

        taken.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return taken.ConvertAll(static flash => flash.Value);
    }
}
