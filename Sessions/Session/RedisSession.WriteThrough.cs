namespace SessionSample.Sessions;

/// <summary>Writes that reach Redis at once instead of at the commit: <see cref="IRedisSession"/>'s additions to ISession.</summary>
internal sealed partial class RedisSession
{
    public async Task<long> IncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanWriteThrough(SessionOperation.Increment);

        // The increment starts from what this request sees: its own pending value, or nothing after a pending
        // removal or clear. That view travels with the increment (one round trip), and the request's other
        // pending changes stay pending.
        PendingValue? seen = _changes is null ? null
            : _changes.TryGetPending(key, out var pending) ? new PendingValue(pending)
            : _changes.IsWipedByClear(key) ? new PendingValue(null)
            : null;
        await _writing.WaitAsync();
        try
        {
            IncrementResult incremented = default;
            var result = await WriteAsync(
                SessionOperation.Increment,
                async create =>
                {
                    incremented = await _store.IncrementAsync(_handle, create, key, delta, seen);
                    return new WriteResult(incremented.Result, incremented.ExpiresAt, incremented.Bytes);
                },
                createsWhenMissing: true);
            switch (result.Result)
            {
                case ScriptResult.NotInteger:
                    throw new SessionCounterException($"Session key '{key}' does not hold a 64-bit integer, so it cannot be incremented; nothing was written.");
                case ScriptResult.Overflow:
                    throw new SessionCounterException($"Adding {delta} to session key '{key}' would leave the 64-bit integer range; nothing was written.");
                case ScriptResult.Conflict:
                    throw new SessionCounterException($"Session key '{key}' kept changing under other increments while this one tried to apply; nothing was written.");
            }

            ThrowIfRefused(result.Result, SessionOperation.Increment, result.Bytes);
            _snapshot?.ApplyWrite(key, incremented.Text, incremented.StoredLength, result.Bytes);
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
        EnsureCanWriteThrough(SessionOperation.SetNow);
        var stored = SealNow(value);
        CheckSize(key, stored);
        await WriteOneAsync(SessionOperation.SetNow, key, value, stored);
    }

    public async Task RemoveNowAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureCanWriteThrough(SessionOperation.RemoveNow);
        if (_lifecycle.MustCreate)
        {
            // Nothing is stored under a new id.
            _changes?.WrittenThrough(key);
            return;
        }

        await WriteOneAsync(SessionOperation.RemoveNow, key, null, null);
    }

    /// <summary>One key written to Redis now, outside the pending changes (which a pending clear must not wipe).</summary>
    private async Task WriteOneAsync(SessionOperation operation, string key, byte[]? value, byte[]? stored)
    {
        var single = new SessionChangeSet();
        if (value is null)
        {
            single.Remove(key);
        }
        else
        {
            single.Set(key, value, stored);
        }

        await _writing.WaitAsync();
        try
        {
            var result = await WriteAsync(operation, create => _store.CommitAsync(operation, _handle, create, single), createsWhenMissing: value is not null);
            ThrowIfRefused(result.Result, operation, result.Bytes);
            if (result.Result == ScriptResult.Ok)
            {
                _snapshot?.ApplyWrite(key, value, stored?.Length ?? 0, result.Bytes);
            }

            _changes?.WrittenThrough(key);
        }
        finally
        {
            _writing.Release();
        }
    }
}
