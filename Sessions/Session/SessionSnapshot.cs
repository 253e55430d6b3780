using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// What this request knows is stored: the user keys as loaded (or as this request wrote them), plus the counted size.
/// Each key holds one <see cref="StoredValue"/>: the value as the app sees it and the length of what Redis holds (the
/// codec's form, <see cref="SessionValueCodec"/>), so size checks count what Redis counts. A stored value this request
/// could not open is no value, but its bytes still count until a write replaces or removes it.
/// </summary>
internal sealed class SessionSnapshot
{
    private readonly Dictionary<string, StoredValue> _stored;

    public static SessionSnapshot Empty() => new(new Dictionary<string, StoredValue>(StringComparer.Ordinal), 0, false, null);

    public SessionSnapshot(Dictionary<string, StoredValue> stored, long bytes, bool hasFlashes, DateTimeOffset? createdAt)
    {
        _stored = stored;
        Bytes = bytes;
        HasFlashes = hasFlashes;
        CreatedAt = createdAt;
    }

    /// <summary>The readable user keys; flash messages and metadata are not values.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var (key, stored) in _stored)
            {
                if (stored.Value is not null)
                {
                    yield return key;
                }
            }
        }
    }

    /// <summary>A copy of the readable user values (for tests and diagnostics; the session reads through <see cref="TryGetValue"/>).</summary>
    public IReadOnlyDictionary<string, byte[]> Values =>
        _stored.Where(pair => pair.Value.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value.Value!, StringComparer.Ordinal);

    /// <summary>Every user key Redis holds as far as this request knows, readable or not.</summary>
    public IEnumerable<string> StoredKeys => _stored.Keys;

    /// <summary>Counted bytes of the stored session (user keys and flashes), as the last script reported.</summary>
    public long Bytes { get; private set; }

    /// <summary>Whether stored flash messages may be waiting (a take needs a round trip only then).</summary>
    public bool HasFlashes { get; set; }

    public DateTimeOffset? CreatedAt { get; }

    /// <summary>UTF-8 bytes of the field name plus the value: what Redis stores and the scripts count.</summary>
    public static long SizeOf(string key, byte[] value) => SizeOf(key, value.Length);

    public static long SizeOf(string key, int valueLength) => Encoding.UTF8.GetByteCount(key) + valueLength;

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value)
    {
        value = _stored.TryGetValue(key, out var stored) ? stored.Value : null;
        return value is not null;
    }

    /// <summary>What <paramref name="key"/> counts for in Redis (its name plus its stored value); 0 when it is not stored.</summary>
    public long StoredSize(string key) => _stored.TryGetValue(key, out var stored) ? SizeOf(key, stored.StoredLength) : 0;

    /// <summary>Whether Redis holds <paramref name="key"/>, as far as this request knows (a value it could not open included).</summary>
    public bool IsStored(string key) => _stored.ContainsKey(key);

    /// <summary>Brings the snapshot in line with a commit of <paramref name="changes"/> that Redis accepted.</summary>
    public void Apply(SessionChangeSet changes, long storedBytes)
    {
        if (changes.Cleared)
        {
            var keep = changes.KeepOnClear;
            foreach (var key in _stored.Keys.ToList())
            {
                if (!keep.Contains(key))
                {
                    _stored.Remove(key);
                }
            }
        }

        foreach (var (key, change) in changes.Changes)
        {
            if (SessionSchema.IsFlash(key))
            {
                HasFlashes |= change is not null;
            }
            else if (change is { } set)
            {
                _stored[key] = new StoredValue(set.Value, set.Stored.Length);
            }
            else
            {
                _stored.Remove(key);
            }
        }

        Bytes = storedBytes;
    }

    /// <summary>A value written straight to Redis (null: removed), stored in <paramref name="storedLength"/> bytes, with the session's new counted size.</summary>
    public void ApplyWrite(string key, byte[]? value, int storedLength, long storedBytes)
    {
        if (value is null)
        {
            _stored.Remove(key);
        }
        else
        {
            _stored[key] = new StoredValue(value, storedLength);
        }

        Bytes = storedBytes;
    }

    public void FlashesTaken(long storedBytes)
    {
        HasFlashes = false;
        Bytes = storedBytes;
    }
}
