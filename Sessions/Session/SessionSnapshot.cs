using System.Text;

namespace SessionSample.Sessions;

/// <summary>What this request knows is stored: the user keys as loaded (or as this request wrote them), plus the counted size.</summary>
internal sealed class SessionSnapshot
{
    public static SessionSnapshot Empty() => new(new Dictionary<string, byte[]>(StringComparer.Ordinal), 0, false, null);

    public SessionSnapshot(Dictionary<string, byte[]> values, long bytes, bool hasFlashes, DateTimeOffset? createdAt)
    {
        Values = values;
        Bytes = bytes;
        HasFlashes = hasFlashes;
        CreatedAt = createdAt;
    }

    /// <summary>User keys only; flash messages and metadata are not values.</summary>
    public Dictionary<string, byte[]> Values { get; }

    /// <summary>Counted bytes of the stored session (user keys and flashes), as the last script reported.</summary>
    public long Bytes { get; private set; }

    /// <summary>Whether stored flash messages may be waiting (a take needs a round trip only then).</summary>
    public bool HasFlashes { get; set; }

    public DateTimeOffset? CreatedAt { get; }

    /// <summary>UTF-8 bytes of the field name plus the value: what Redis stores and the scripts count.</summary>
    public static long SizeOf(string key, byte[] value) => Encoding.UTF8.GetByteCount(key) + value.Length;

    /// <summary>Brings the snapshot in line with a commit of <paramref name="changes"/> that Redis accepted.</summary>
    public void Apply(SessionChangeSet changes, long storedBytes)
    {
        if (changes.Cleared)
        {
            var keep = changes.KeepOnClear;
            foreach (var key in Values.Keys)
            {
                if (!keep.Contains(key))
                {
                    Values.Remove(key);
                }
            }
        }

        foreach (var (key, value) in changes.Changes)
        {
            if (SessionSchema.IsFlash(key))
            {
                HasFlashes |= value is not null;
            }
            else if (value is null)
            {
                Values.Remove(key);
            }
            else
            {
                Values[key] = value;
            }
        }

        Bytes = storedBytes;
    }

    /// <summary>A value written straight to Redis, with the session's new counted size.</summary>
    public void ApplyWrite(string key, byte[]? value, long storedBytes)
    {
        if (value is null)
        {
            Values.Remove(key);
        }
        else
        {
            Values[key] = value;
        }

        Bytes = storedBytes;
    }

    public void FlashesTaken(long storedBytes)
    {
        HasFlashes = false;
        Bytes = storedBytes;
    }
}
