using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// What this request knows is stored: the user keys as loaded (or as this request wrote them), plus the counted size.
/// Values are as the app sees them; where Redis holds another form (encrypted, <see cref="SessionValueCodec"/>) its
/// length is kept too, so size checks count what Redis counts. A stored value this request could not decrypt is no
/// value, but its bytes still count until a write replaces or removes it.
/// </summary>
internal sealed class SessionSnapshot
{
    // Stored lengths that differ from the value's: encrypted values, and values that could not be decrypted (absent from Values).
    private readonly Dictionary<string, int> _storedLengths;

    public static SessionSnapshot Empty() => new(new Dictionary<string, byte[]>(StringComparer.Ordinal), 0, false, null);

    public SessionSnapshot(Dictionary<string, byte[]> values, long bytes, bool hasFlashes, DateTimeOffset? createdAt, Dictionary<string, int>? storedLengths = null)
    {
        Values = values;
        Bytes = bytes;
        HasFlashes = hasFlashes;
        CreatedAt = createdAt;
        _storedLengths = storedLengths ?? new Dictionary<string, int>(StringComparer.Ordinal);
    }

    /// <summary>User keys only; flash messages and metadata are not values.</summary>
    public Dictionary<string, byte[]> Values { get; }

    /// <summary>Every user key Redis holds as far as this request knows, readable or not.</summary>
    public IEnumerable<string> StoredKeys => _storedLengths.Count == 0 ? Values.Keys : Values.Keys.Union(_storedLengths.Keys, StringComparer.Ordinal);

    /// <summary>Counted bytes of the stored session (user keys and flashes), as the last script reported.</summary>
    public long Bytes { get; private set; }

    /// <summary>Whether stored flash messages may be waiting (a take needs a round trip only then).</summary>
    public bool HasFlashes { get; set; }

    public DateTimeOffset? CreatedAt { get; }

    /// <summary>UTF-8 bytes of the field name plus the value: what Redis stores and the scripts count.</summary>
    public static long SizeOf(string key, byte[] value) => SizeOf(key, value.Length);

    public static long SizeOf(string key, int valueLength) => Encoding.UTF8.GetByteCount(key) + valueLength;

    /// <summary>What <paramref name="key"/> counts for in Redis (its name plus its stored value); 0 when it is not stored.</summary>
    public long StoredSize(string key) =>
        _storedLengths.TryGetValue(key, out var length) ? SizeOf(key, length)
        : Values.TryGetValue(key, out var value) ? SizeOf(key, value)
        : 0;

    /// <summary>Whether Redis holds <paramref name="key"/>, as far as this request knows (a value it could not decrypt included).</summary>
    public bool IsStored(string key) => Values.ContainsKey(key) || _storedLengths.ContainsKey(key);

    /// <summary>Brings the snapshot in line with a commit of <paramref name="changes"/> that Redis accepted.</summary>
    public void Apply(SessionChangeSet changes, long storedBytes)
    {
        if (changes.Cleared)
        {
            var keep = changes.KeepOnClear;
            foreach (var key in StoredKeys.ToList())
            {
                if (!keep.Contains(key))
                {
                    Forget(key);
                }
            }
        }

        foreach (var (key, value) in changes.Changes)
        {
            if (SessionSchema.IsFlash(key))
            {
                HasFlashes |= value is not null;
            }
            else
            {
                Put(key, value, value is null ? 0 : changes.StoredForm(key, value).Length);
            }
        }

        Bytes = storedBytes;
    }

    /// <summary>A value written straight to Redis (null: removed), stored in <paramref name="storedLength"/> bytes, with the session's new counted size.</summary>
    public void ApplyWrite(string key, byte[]? value, int storedLength, long storedBytes)
    {
        Put(key, value, storedLength);
        Bytes = storedBytes;
    }

    private void Put(string key, byte[]? value, int storedLength)
    {
        if (value is null)
        {
            Forget(key);
            return;
        }

        Values[key] = value;
        if (storedLength != value.Length)
        {
            _storedLengths[key] = storedLength;
        }
        else
        {
            _storedLengths.Remove(key);
        }
    }

    private void Forget(string key)
    {
        Values.Remove(key);
        _storedLengths.Remove(key);
    }

    public void FlashesTaken(long storedBytes)
    {
        HasFlashes = false;
        Bytes = storedBytes;
    }
}
