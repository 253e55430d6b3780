namespace SessionSample.Sessions;

/// <summary>The size guard: soft limits warn and count, hard limits refuse before anything changes.</summary>
internal sealed partial class RedisSession
{
    private void CheckSize(string key, byte[] value)
    {
        if (value.Length > Options.HardValueBytes)
        {
            throw HardLimit("value", value.Length, Options.HardValueBytes);
        }

        if (value.Length > Options.SoftValueBytes)
        {
            SoftLimit("value", value.Length, Options.SoftValueBytes);
        }

        if (!_loaded)
        {
            // Size unknown without a load; the write script checks the session limit inside Redis.
            return;
        }

        var size = CurrentBytes() - CurrentEntryBytes(key) + key.Length + value.Length;
        if (size > Options.HardSessionBytes)
        {
            throw HardLimit("session", size, Options.HardSessionBytes);
        }

        if (size > Options.SoftSessionBytes)
        {
            SoftLimit("session", size, Options.SoftSessionBytes);
        }
    }

    private long CurrentBytes()
    {
        var size = _cleared ? 0 : _loadedBytes;
        if (_pending is null)
        {
            return size;
        }

        foreach (var (key, value) in _pending)
        {
            if (IsReserved(key))
            {
                continue;
            }

            if (!_cleared && _values is not null && _values.TryGetValue(key, out var old))
            {
                size -= key.Length + old.Length;
            }

            if (value is not null)
            {
                size += key.Length + value.Length;
            }
        }

        return size;
    }

    private long CurrentEntryBytes(string key)
    {
        if (_pending is not null && _pending.TryGetValue(key, out var pending))
        {
            return pending is null ? 0 : key.Length + pending.Length;
        }

        return !_cleared && _values is not null && _values.TryGetValue(key, out var stored) ? key.Length + stored.Length : 0;
    }

    private void SoftLimit(string limit, long bytes, long limitBytes)
    {
        SessionTelemetry.SizeLimitHits.Add(1, new KeyValuePair<string, object?>("limit", "soft_" + limit));
        SessionLog.SoftLimitExceeded(Logger, IdHash, limit, bytes, limitBytes);
    }

    private SessionSizeLimitExceededException HardLimit(string limit, long bytes, long limitBytes)
    {
        SessionTelemetry.SizeLimitHits.Add(1, new KeyValuePair<string, object?>("limit", "hard_" + limit));
        SessionLog.HardLimitExceeded(Logger, IdHash, limit, bytes, limitBytes);
        return new SessionSizeLimitExceededException(bytes >= 0
            ? $"The {limit} would be {bytes} bytes, over the {limitBytes}-byte limit; nothing was written."
            : $"The session would exceed its {limitBytes}-byte limit; nothing was written.");
    }
}
