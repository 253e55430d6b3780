namespace SessionSample.Sessions;

/// <summary>What a change must pass before it is buffered or sent: the lifecycle, the key, the size guard.</summary>
internal sealed partial class RedisSession
{
    /// <summary>
    /// For Set/Remove/Clear/AddFlash: true to buffer the change. Under fail-open a degraded session buffers
    /// too (the request goes on; the commit logs that nothing was saved); a failed request's late change is
    /// dropped and logged like the rest of its changes.
    /// </summary>
    private bool AllowBufferedChange(SessionOperation operation)
    {
        Resolve();
        switch (_lifecycle.CanChange())
        {
            case ChangePermission.Allowed or ChangePermission.Unavailable:
                return true;
            case ChangePermission.Discarded:
                LoseChanges(1, "request_failed");
                return false;
            default:
                throw Refusal(operation);
        }
    }

    /// <summary>For the asynchronous operations, which reach Redis at once: they never degrade, they throw.</summary>
    private void EnsureCanWriteThrough(SessionOperation operation)
    {
        ResolveOrThrowIfUnresolved();
        var permission = _lifecycle.CanChange();
        if (permission != ChangePermission.Allowed)
        {
            throw Refusal(operation, permission);
        }
    }

    private void ResolveOrThrowIfUnresolved()
    {
        if (_lifecycle.State == SessionState.Unresolved)
        {
            ResolveOrThrow();
        }
    }

    private Exception Refusal(SessionOperation operation, ChangePermission? permission = null) => (permission ?? _lifecycle.CanChange()) switch
    {
        ChangePermission.Gone => Refused(operation),
        ChangePermission.TooLateForCookie => new InvalidOperationException("The session cannot be established after the response has started: its cookie can no longer be sent."),
        ChangePermission.Completed => new InvalidOperationException("The session was already committed for the last time: changes after the session middleware finished cannot be saved."),
        ChangePermission.Discarded => new InvalidOperationException("The request failed and its session changes were discarded."),
        _ => new SessionStoreUnavailableException("The session store was unavailable earlier in this request (fail-open); the session cannot be written."),
    };

    private static void ValidateKey(string key)
    {
        // An empty key is a key, as with the built-in session.
        ArgumentNullException.ThrowIfNull(key);
        if (SessionSchema.IsReserved(key))
        {
            throw new ArgumentException($"Session keys starting with \"{SessionSchema.ReservedPrefix}\" are reserved for the store's metadata; \"{key}\" cannot be used.", nameof(key));
        }
    }

    /// <summary>
    /// Refuses a value over its hard limit, and a session over its hard limit when this request knows its size.
    /// Both count <paramref name="stored"/>, the form Redis holds (encrypted or not), as the write scripts do.
    /// </summary>
    private void CheckSize(string key, byte[] stored, string limit = "value")
    {
        if (stored.Length > Options.HardValueBytes)
        {
            throw HardLimit(limit, stored.Length, Options.HardValueBytes);
        }

        if (stored.Length > Options.SoftValueBytes)
        {
            SoftLimit(limit, stored.Length, Options.SoftValueBytes);
        }

        // Without a load the size is unknown here; the write script checks it inside Redis either way.
        if (_snapshot is not null)
        {
            var size = Changes.BytesAfterSet(_snapshot, key, stored);
            if (size > Options.HardSessionBytes && size > _snapshot.Bytes)
            {
                throw HardLimit("session", size, Options.HardSessionBytes);
            }
        }
    }

    /// <summary>
    /// The form Redis is to hold for a buffered value (encrypted when the store encrypts). Sealing needs the key
    /// ring, kept in the sessions Redis: when it cannot be read the outage policy decides, as for a failed load
    /// (under fail-open the session degrades and the value is buffered but never saved).
    /// </summary>
    private byte[] SealBuffered(byte[] value)
    {
        if (!_store.Values.Encrypts || _lifecycle.State == SessionState.Degraded)
        {
            return value;
        }

        try
        {
            return _store.Values.Seal(value);
        }
        catch (SessionStoreUnavailableException exception)
        {
            Outage(SessionOperation.Encrypt, exception);
            return value;
        }
    }

    /// <summary>The form Redis is to hold for a value written through now: an unreadable key ring fails closed, like every write-through.</summary>
    private byte[] SealNow(byte[] value)
    {
        try
        {
            return _store.Values.Seal(value);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw FailClosed(SessionOperation.Encrypt, exception);
        }
    }

    private void SoftLimit(string limit, long bytes, long limitBytes)
    {
        SessionTelemetry.SizeLimitHits.Add(1, new KeyValuePair<string, object?>("limit", "soft_" + limit));
        SessionLog.SoftLimitExceeded(_store.Logger, _handle.LogHash, limit, bytes, limitBytes);
    }

    private SessionSizeLimitExceededException HardLimit(string limit, long bytes, long limitBytes)
    {
        SessionTelemetry.SizeLimitHits.Add(1, new KeyValuePair<string, object?>("limit", "hard_" + limit));
        SessionLog.HardLimitExceeded(_store.Logger, _handle.LogHash, limit, bytes, limitBytes);
        return new SessionSizeLimitExceededException($"The {limit} would be {bytes} bytes, over the {limitBytes}-byte limit; nothing was written.");
    }
}
