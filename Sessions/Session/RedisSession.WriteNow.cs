namespace SessionSample.Sessions;

/// <summary>The session as the write-through module sees it (<see cref="IWriteNowTarget"/>): writes that reach Redis at once, and flash messages.</summary>
internal sealed partial class RedisSession : IWriteNowTarget
{
    SessionStore IWriteNowTarget.Store => _store;

    void IWriteNowTarget.Require(SessionModule module) => _modules.Require(module);

    void IWriteNowTarget.EnsureCanWriteNow(SessionOperation operation, string key)
    {
        ValidateKey(key);
        EnsureCanWriteThrough(operation);
    }

    PendingValue? IWriteNowTarget.Pending(string key) =>
        _changes is null ? null
        : _changes.TryGetPending(key, out var pending) ? new PendingValue(pending)
        : _changes.IsWipedByClear(key) ? new PendingValue(null)
        : null;

    byte[] IWriteNowTarget.SealNow(string key, byte[] value)
    {
        var stored = SealNow(value);
        CheckSize(key, stored);
        return stored;
    }

    async Task<WrittenNow> IWriteNowTarget.WriteNowAsync(SessionOperation operation, string key, bool createsWhenMissing, Func<SessionHandle, bool, Task<WrittenNow>> write)
    {
        if (!createsWhenMissing && _lifecycle.MustCreate)
        {
            // Nothing is stored under a new id.
            _changes?.WrittenThrough(key);
            return new WrittenNow(new WriteResult(ScriptResult.Missing, null, 0), null, 0);
        }

        await _writing.WaitAsync();
        try
        {
            var written = default(WrittenNow);
            var result = await WriteAsync(
                operation,
                async create =>
                {
                    written = await write(_handle, create);
                    return written.Result;
                },
                createsWhenMissing);
            ThrowIfRefused(result.Result, operation, result.Bytes);
            if (result.Result is ScriptResult.Ok or ScriptResult.Missing)
            {
                if (result.Result == ScriptResult.Ok)
                {
                    _snapshot?.ApplyWrite(key, written.Value, written.StoredLength, result.Bytes);
                }

                _changes?.WrittenThrough(key);
            }

            return written;
        }
        finally
        {
            _writing.Release();
        }
    }

    void IWriteNowTarget.BufferFlash(string field, byte[] message)
    {
        if (message.Length > Options.HardValueBytes)
        {
            // Over the limit before any encryption, so over it after too.
            throw HardLimit("flash", message.Length, Options.HardValueBytes);
        }

        if (AllowBufferedChange(SessionOperation.Flash))
        {
            var stored = SealBuffered(message);
            CheckSize(field, stored, "flash");
            Changes.Set(field, message, stored);
        }
    }

    async Task<List<KeyValuePair<string, string>>> IWriteNowTarget.TakeFlashesAsync(Func<SessionHandle, Task<FlashResult>> takeStored)
    {
        ResolveOrThrowIfUnresolved();
        var taken = _changes?.TakeFlashes() ?? [];
        if (_lifecycle.State == SessionState.Gone)
        {
            // Ended or moved by another request: nothing is stored for this request to take.
            return taken;
        }

        EnsureCanWriteThrough(SessionOperation.Flash);

        // A session this request loaded without flashes needs no round trip: any flash added since is for the next request.
        if (_lifecycle.State == SessionState.Unloaded || _snapshot is { HasFlashes: true } && _lifecycle.State == SessionState.Loaded)
        {
            await _writing.WaitAsync();
            try
            {
                taken.AddRange(await TakeStoredFlashesAsync(takeStored));
            }
            finally
            {
                _writing.Release();
            }
        }

        return taken;
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> TakeStoredFlashesAsync(Func<SessionHandle, Task<FlashResult>> takeStored)
    {
        FlashResult flashes;
        try
        {
            flashes = await takeStored(_handle);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw FailClosed(SessionOperation.Flash, exception);
        }

        switch (flashes.Result)
        {
            case ScriptResult.Ok:
                _snapshot?.FlashesTaken(flashes.Bytes);
                _activity.Touched(_handle);
                return flashes.Flashes;
            case ScriptResult.Gone or ScriptResult.Moved:
                _lifecycle.FoundGone();
                _snapshot = SessionSnapshot.Empty();
                return [];
            default:
                StartNew();
                return [];
        }
    }
}
