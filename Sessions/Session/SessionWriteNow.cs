namespace SessionSample.Sessions;

/// <summary>The session as the write-through module sees it (<see cref="IWriteNowTarget"/>): writes that reach Redis at once, and flash messages.</summary>
internal sealed class SessionWriteNow(RedisSession session) : IWriteNowTarget
{
    public SessionStore Store => session.Store;

    public void Require(SessionModule module) => session.Modules.Require(module);

    public void EnsureCanWriteNow(SessionOperation operation, string key)
    {
        SessionGuard.ValidateKey(key);
        session.Guard.EnsureCanWriteThrough(operation);
    }

    public PendingValue? Pending(string key) =>
        session.PendingChanges is not { } changes ? null
        : changes.TryGetPending(key, out var pending) ? new PendingValue(pending)
        : changes.IsWipedByClear(key) ? new PendingValue(null)
        : null;

    public byte[] SealNow(string key, byte[] value)
    {
        var stored = session.Guard.SealNow(value);
        session.Guard.CheckSize(key, stored);
        return stored;
    }

    public async Task<WrittenNow> WriteNowAsync(SessionOperation operation, string key, bool createsWhenMissing, Func<SessionHandle, bool, Task<WrittenNow>> write)
    {
        if (!createsWhenMissing && session.Lifecycle.MustCreate)
        {
            // Nothing is stored under a new id.
            session.PendingChanges?.WrittenThrough(key);
            return new WrittenNow(new WriteResult(ScriptResult.Missing, null, 0), null, 0);
        }

        await session.Writing.WaitAsync();
        try
        {
            var written = default(WrittenNow);
            var result = await session.WriteAsync(
                operation,
                async create =>
                {
                    written = await write(session.Handle, create);
                    return written.Result;
                },
                createsWhenMissing);
            session.Failures.ThrowIfRefused(result.Result, operation, result.Bytes);
            if (result.Result == ScriptResult.Ok)
            {
                session.Snapshot?.ApplyWrite(key, written.Value, written.StoredLength, result.Bytes);
            }

            if (result.Result is ScriptResult.Ok or ScriptResult.Missing)
            {
                session.PendingChanges?.WrittenThrough(key);
            }

            return written;
        }
        finally
        {
            session.Writing.Release();
        }
    }

    public void BufferFlash(string field, byte[] message)
    {
        if (message.Length > session.Store.Options.HardValueBytes)
        {
            // Over the limit before any encryption, so over it after too.
            throw session.Guard.HardLimit("flash", message.Length, session.Store.Options.HardValueBytes);
        }

        session.Guard.Buffer(SessionOperation.Flash, field, message, "flash");
    }

    public async Task<List<KeyValuePair<string, string>>> TakeFlashesAsync(Func<SessionHandle, Task<FlashResult>> takeStored)
    {
        session.ResolveOrThrowIfUnresolved();
        var taken = session.PendingChanges?.TakeFlashes() ?? [];
        if (session.Lifecycle.State == SessionState.Gone)
        {
            // Ended or moved by another request: nothing is stored for this request to take.
            return taken;
        }

        session.Guard.EnsureCanWriteThrough(SessionOperation.Flash);

        // A session this request loaded without flashes needs no round trip: any flash added since is for the next request.
        var state = session.Lifecycle.State;
        if (state != SessionState.Unloaded && !(state == SessionState.Loaded && session.Snapshot is { HasFlashes: true }))
        {
            return taken;
        }

        await session.Writing.WaitAsync();
        try
        {
            FlashResult flashes;
            try
            {
                flashes = await takeStored(session.Handle);
            }
            catch (SessionStoreUnavailableException exception)
            {
                throw session.Failures.FailClosed(SessionOperation.Flash, exception);
            }

            if (session.Found(flashes.Result))
            {
                session.Snapshot?.FlashesTaken(flashes.Bytes);
                session.Activity.Touched(session.Handle);
                taken.AddRange(flashes.Flashes);
            }

            return taken;
        }
        finally
        {
            session.Writing.Release();
        }
    }
}
