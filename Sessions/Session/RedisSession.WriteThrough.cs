using System.Globalization;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>What <see cref="IRedisSession"/> adds to ISession: writes that reach Redis at once, id changes, flash messages.</summary>
internal sealed partial class RedisSession
{
    private static long s_flashSequence;

    /// <summary>The lock this request holds, if any: a regeneration moves it to the new id, and both are released at the end.</summary>
    internal SessionLockLease? Lease { get; set; }

    public async Task<long> IncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanWriteThrough("increment");
        if (_changes is not null && _changes.TryGetPending(key, out _))
        {
            // The increment applies to the stored value: write this request's pending value of the key first.
            await CommitCoreAsync("commit");
        }

        await _writing.WaitAsync();
        try
        {
            IncrementResult incremented = default;
            var result = await WriteAsync(
                "increment",
                async create =>
                {
                    incremented = await _store.IncrementAsync(_handle, create, key, delta);
                    return new WriteResult(incremented.Result, incremented.ExpiresAt, incremented.Bytes);
                },
                createsWhenMissing: true);
            switch (result.Result)
            {
                case ScriptResult.NotInteger:
                    throw new SessionCounterException($"Session key '{key}' does not hold a 64-bit integer, so it cannot be incremented; nothing was written.");
                case ScriptResult.Overflow:
                    throw new SessionCounterException($"Adding {delta} to session key '{key}' would leave the 64-bit integer range; nothing was written.");
            }

            ThrowIfRefused(result.Result, "increment", result.Bytes);
            _snapshot?.ApplyWrite(key, incremented.StoredText, result.Bytes);
            _changes?.WrittenThrough(key);
            return incremented.Value;
        }
        finally
        {
            _writing.Release();
        }
    }

    public async Task SetNowAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanWriteThrough("set_now");
        CheckSize(key, value);
        await WriteOneAsync("set_now", key, value);
    }

    public async Task RemoveNowAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanWriteThrough("remove_now");
        if (_lifecycle.MustCreate)
        {
            // Nothing is stored under a new id.
            _changes?.WrittenThrough(key);
            return;
        }

        await WriteOneAsync("remove_now", key, null);
    }

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
                WriteResult moved;
                try
                {
                    moved = await _store.RegenerateAsync(_handle, newHandle, Lease?.Token);
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // Keeping a possibly planted id is not acceptable, whatever the outage policy says.
                    throw FailClosed("regenerate", exception);
                }

                switch (moved.Result)
                {
                    case ScriptResult.Ok:
                        Lease?.MovedTo(newHandle);
                        UseId(newId);
                        ExpiresAt = moved.ExpiresAt;
                        _cookie.Issue(newId);
                        _activity.Touched(newHandle);
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
                try
                {
                    await _store.EndAsync(_handle);
                }
                catch (SessionStoreUnavailableException exception)
                {
                    // A sign-out that silently keeps the session alive is worse than an error page.
                    throw FailClosed("invalidate", exception);
                }
            }

            _changes?.Reset();
            _lifecycle.Ended();
            UseId(SessionIds.NewId());
            _snapshot = SessionSnapshot.Empty();
            CreatedAt = LastAccessedAt = ExpiresAt = null;
            _cookie.Delete();
        }
        finally
        {
            _writing.Release();
        }
    }

    public Task AddFlashAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = Encoding.UTF8.GetBytes(message);
        if (bytes.Length > Options.HardValueBytes)
        {
            throw HardLimit("flash", bytes.Length, Options.HardValueBytes);
        }

        // Each flash is its own field, named in time order, so two apps can add flashes at once.
        var sequence = Interlocked.Increment(ref s_flashSequence);
        var field = string.Create(
            CultureInfo.InvariantCulture,
            $"{SessionSchema.FlashPrefix}{_store.Time.GetUtcNow().ToUnixTimeMilliseconds():D13}-{sequence:D10}-{Random.Shared.Next():x8}");
        if (AllowBufferedChange("flash"))
        {
            CheckSize(field, bytes);
            Changes.Set(field, bytes);
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<string>> TakeFlashesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ResolveOrThrowIfUnresolved();
        var taken = _changes?.TakeFlashes() ?? [];
        if (_lifecycle.State == SessionState.Gone)
        {
            // Ended or moved by another request: nothing is stored for this request to take.
            return taken.ConvertAll(static flash => flash.Value);
        }

        EnsureCanWriteThrough("flash");

        // A session this request loaded without flashes needs no round trip: any flash added since is for the next request.
        if (_lifecycle.State == SessionState.Unloaded || _snapshot is { HasFlashes: true } && _lifecycle.State == SessionState.Loaded)
        {
            await _writing.WaitAsync();
            try
            {
                var stored = await TakeStoredFlashesAsync();
                taken.AddRange(stored);
            }
            finally
            {
                _writing.Release();
            }
        }

        taken.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return taken.ConvertAll(static flash => flash.Value);
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> TakeStoredFlashesAsync()
    {
        FlashResult flashes;
        try
        {
            flashes = await _store.TakeFlashesAsync(_handle);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw FailClosed("flash", exception);
        }

        switch (flashes.Result)
        {
            case ScriptResult.Ok:
                _snapshot?.FlashesTaken(flashes.Bytes);
                _activity.Touched(_handle);
                return flashes.Flashes;
            case ScriptResult.Gone:
                _lifecycle.FoundGone();
                _snapshot = SessionSnapshot.Empty();
                return [];
            default:
                StartNew();
                return [];
        }
    }

    /// <summary>One key written to Redis now, outside the pending changes (which a pending clear must not wipe).</summary>
    private async Task WriteOneAsync(string operation, string key, byte[]? value)
    {
        var single = new SessionChangeSet();
        if (value is null)
        {
            single.Remove(key);
        }
        else
        {
            single.Set(key, value);
        }

        await _writing.WaitAsync();
        try
        {
            var result = await WriteAsync(operation, create => _store.CommitAsync(operation, _handle, create, single), createsWhenMissing: value is not null);
            ThrowIfRefused(result.Result, operation, result.Bytes);
            if (result.Result == ScriptResult.Ok)
            {
                _snapshot?.ApplyWrite(key, value, result.Bytes);
            }

            _changes?.WrittenThrough(key);
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
