namespace SessionSample.Sessions;

/// <summary>What a change must pass before it is buffered or sent: the lifecycle, the key, the size limits; and the form Redis is to hold (sealing).</summary>
internal sealed class SessionGuard(RedisSession session)
{
    private RedisSessionOptions Options => session.Store.Options;

    public static void ValidateKey(string key)
    {
        // An empty key is a key, as with the built-in session.
        ArgumentNullException.ThrowIfNull(key);
        if (SessionSchema.IsReserved(key))
        {
            throw new ArgumentException($"Session keys starting with \"{SessionSchema.ReservedPrefix}\" are reserved for the store's metadata; \"{key}\" cannot be used.", nameof(key));
        }
    }

    /// <summary>Buffers a set (a value, a flash message) through the lifecycle, the sealing and the size guard (<paramref name="limit"/> names it).</summary>
    public void Buffer(SessionOperation operation, string key, byte[] value, string limit)
    {
        if (AllowBufferedChange(operation))
        {
            var stored = SealBuffered(value);
            CheckSize(key, stored, limit);
            session.Changes.Set(key, value, stored);
        }
    }

    /// <summary>
    /// For Set/Remove/Clear/AddFlash: true to buffer the change. Under fail-open a degraded session buffers
    /// too (the request goes on; the commit logs that nothing was saved); a failed request's late change is
    /// dropped and logged like the rest of its changes.
    /// </summary>
    public bool AllowBufferedChange(SessionOperation operation)
    {
        session.Resolve();
        switch (session.Lifecycle.CanChange())
        {
            case ChangePermission.Allowed or ChangePermission.Unavailable:
                return true;
            case ChangePermission.Discarded:
                session.Failures.LoseChanges(1, "request_failed");
                return false;
            default:
                throw Refusal(operation);
        }
    }

    /// <summary>For the asynchronous operations, which reach Redis at once: they never degrade, they throw.</summary>
    public void EnsureCanWriteThrough(SessionOperation operation)
    {
        session.ResolveOrThrowIfUnresolved();
        var permission = session.Lifecycle.CanChange();
        if (permission != ChangePermission.Allowed)
        {
            throw Refusal(operation, permission);
        }
    }

    public void EnsureCanChangeId(SessionOperation operation, bool allowGone = false)
    {
        session.ResolveOrThrowIfUnresolved();
        if (session.Lifecycle.Phase != SessionPhase.Open)
        {
            throw new InvalidOperationException($"The session id cannot change ({operation.Tag()}) after the response has started: the new cookie could not be sent.");
        }

        var permission = session.Lifecycle.CanChange();
        if (permission == ChangePermission.Unavailable)
        {
            throw new SessionStoreUnavailableException($"The session store was unavailable earlier in this request; the session id cannot change ({operation.Tag()}).");
        }

        if (permission != ChangePermission.Allowed && !(allowGone && permission == ChangePermission.Gone))
        {
            throw Refusal(operation, permission);
        }
    }

    /// <summary>
    /// Refuses a value over its hard limit, and a session over its hard limit when this request knows its size.
    /// Both count <paramref name="stored"/>, the form Redis holds (encrypted or not), as the write scripts do.
    /// </summary>
    public void CheckSize(string key, byte[] stored, string limit = "value")
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
        if (session.Snapshot is { } snapshot)
        {
            var size = session.Changes.BytesAfterSet(snapshot, key, stored);
            if (size > Options.HardSessionBytes && size > snapshot.Bytes)
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
    public byte[] SealBuffered(byte[] value)
    {
        if (!session.Store.Values.Encrypts || session.Lifecycle.State == SessionState.Degraded)
        {
            return value;
        }

        try
        {
            return session.Store.Values.Seal(value);
        }
        catch (SessionStoreUnavailableException exception)
        {
            session.Failures.Outage(SessionOperation.Encrypt, exception);
            return value;
        }
    }

    /// <summary>The form Redis is to hold for a value written through now: an unreadable key ring fails closed, like every write-through.</summary>
    public byte[] SealNow(byte[] value)
    {
        try
        {
            return session.Store.Values.Seal(value);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw session.Failures.FailClosed(SessionOperation.Encrypt, exception);
        }
    }

    public void SoftLimit(string limit, long bytes, long limitBytes)
    {
        SessionTelemetry.SizeLimitHits.Add(1, new KeyValuePair<string, object?>("limit", "soft_" + limit));
        SessionLog.SoftLimitExceeded(session.Store.Logger, session.Handle.LogHash, limit, bytes, limitBytes);
    }

    public SessionSizeLimitExceededException HardLimit(string limit, long bytes, long limitBytes)
    {
        SessionTelemetry.SizeLimitHits.Add(1, new KeyValuePair<string, object?>("limit", "hard_" + limit));
        SessionLog.HardLimitExceeded(session.Store.Logger, session.Handle.LogHash, limit, bytes, limitBytes);
        return new SessionSizeLimitExceededException($"The {limit} would be {bytes} bytes, over the {limitBytes}-byte limit; nothing was written.");
    }

    private Exception Refusal(SessionOperation operation, ChangePermission? permission = null) => (permission ?? session.Lifecycle.CanChange()) switch
    {
        ChangePermission.Gone => session.Failures.Refused(operation),
        ChangePermission.TooLateForCookie => new InvalidOperationException("The session cannot be established after the response has started: its cookie can no longer be sent."),
        ChangePermission.Completed => new InvalidOperationException("The session was already committed for the last time: changes after the session middleware finished cannot be saved."),
        ChangePermission.Discarded => new InvalidOperationException("The request failed and its session changes were discarded."),
        _ => new SessionStoreUnavailableException("The session store was unavailable earlier in this request (fail-open); the session cannot be written."),
    };
}
