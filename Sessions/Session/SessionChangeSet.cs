using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// What one request changed and has not written yet: sets, removals, a clear, and flash messages added.
/// Pure bookkeeping (no I/O), so the rules of what a commit sends are tested without Redis.
/// <para>
/// A removal is a pending entry whose value is null. A clear drops every pending user key and makes the
/// commit delete every stored user key, except keys written straight to Redis after the clear
/// (<see cref="WrittenThrough"/>): those already hold this request's latest value and must survive it.
/// </para>
/// <para>
/// A pending set carries both the app's value and the form Redis is to hold (<see cref="PendingSet"/>, the codec's,
/// <see cref="SessionValueCodec"/>): the commit sends the stored form and the byte counts use its length, the bytes
/// the scripts count.
/// </para>
/// </summary>
internal sealed class SessionChangeSet
{
    private readonly Dictionary<string, PendingSet?> _changes = new(StringComparer.Ordinal);
    private HashSet<string>? _keepOnClear;

    public bool Cleared { get; private set; }

    public bool IsEmpty => !Cleared && _changes.Count == 0;

    /// <summary>Pending entries (flash messages included); a null value is a removal.</summary>
    public IReadOnlyDictionary<string, PendingSet?> Changes => _changes;

    /// <summary>Keys a clear must not delete: written through after it.</summary>
    public IReadOnlyCollection<string> KeepOnClear => (IReadOnlyCollection<string>?)_keepOnClear ?? [];

    public bool HasSets
    {
        get
        {
            foreach (var change in _changes.Values)
            {
                if (change is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <param name="stored">What Redis is to hold for it (the codec's form); null: <paramref name="value"/> itself.</param>
    public void Set(string key, byte[] value, byte[]? stored = null) => _changes[key] = new PendingSet(value, stored ?? value);

    public void Remove(string key) => _changes[key] = null;

    public void Clear()
    {
        Cleared = true;
        _keepOnClear = null;
        foreach (var key in _changes.Keys)
        {
            if (!SessionSchema.IsReserved(key))
            {
                _changes.Remove(key);
            }
        }
    }

    /// <summary>The keys a request sees: the stored ones its changes did not remove or clear, then its pending sets.</summary>
    public static List<string> VisibleKeys(SessionSnapshot? snapshot, SessionChangeSet? changes)
    {
        var keys = new List<string>();
        if (snapshot is not null)
        {
            keys.AddRange(snapshot.Keys.Where(key => changes is null || (!changes._changes.ContainsKey(key) && !changes.IsWipedByClear(key))));
        }

        if (changes is not null)
        {
            keys.AddRange(changes._changes.Where(change => change.Value is not null && !SessionSchema.IsReserved(change.Key)).Select(change => change.Key));
        }

        return keys;
    }

    /// <summary>Whether a pending clear hides the stored value of <paramref name="key"/> from this request.</summary>
    public bool IsWipedByClear(string key) => Cleared && !SessionSchema.IsReserved(key) && (_keepOnClear is null || !_keepOnClear.Contains(key));

    /// <summary>This request's pending value for <paramref name="key"/>: true with null for a pending removal.</summary>
    public bool TryGetPending(string key, out byte[]? value)
    {
        var found = _changes.TryGetValue(key, out var pending);
        value = pending?.Value;
        return found;
    }

    /// <summary>A value of <paramref name="key"/> was written straight to Redis: nothing for it is pending any more.</summary>
    public void WrittenThrough(string key)
    {
        _changes.Remove(key);
        if (Cleared)
        {
            (_keepOnClear ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
        }
    }

    /// <summary>
    /// Removes and returns the flash messages added by this request, oldest first. Flash fields are named in time
    /// order, so the order is theirs: the dictionary's own order is not the order of adding once an entry was
    /// removed (a write-through, a clear), because a later entry may take the freed slot.
    /// </summary>
    public List<KeyValuePair<string, string>> TakeFlashes()
    {
        var taken = new List<KeyValuePair<string, string>>();
        foreach (var (field, value) in _changes)
        {
            if (value is { } set && SessionSchema.IsFlash(field))
            {
                taken.Add(new(field, Encoding.UTF8.GetString(set.Value)));
            }
        }

        foreach (var flash in taken)
        {
            _changes.Remove(flash.Key);
        }

        taken.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return taken;
    }

    /// <summary>
    /// The counted bytes of the session once these changes are applied to <paramref name="snapshot"/>
    /// (the same count the scripts keep in <see cref="SessionSchema.BytesField"/>).
    /// </summary>
    public long BytesAfter(SessionSnapshot snapshot)
    {
        var bytes = snapshot.Bytes;
        if (Cleared)
        {
            foreach (var key in snapshot.StoredKeys)
            {
                if (IsWipedByClear(key))
                {
                    bytes -= snapshot.StoredSize(key);
                }
            }
        }

        foreach (var (key, value) in _changes)
        {
            if (!IsWipedByClear(key))
            {
                bytes -= snapshot.StoredSize(key);
            }

            if (value is { } set)
            {
                bytes += SessionSnapshot.SizeOf(key, set.Stored);
            }
        }

        return bytes;
    }

    /// <summary>The counted bytes once these changes plus setting <paramref name="key"/> to a value stored as <paramref name="stored"/> are applied.</summary>
    public long BytesAfterSet(SessionSnapshot snapshot, string key, byte[] stored) =>
        BytesAfter(snapshot) - VisibleSize(snapshot, key) + SessionSnapshot.SizeOf(key, stored);

    private long VisibleSize(SessionSnapshot snapshot, string key)
    {
        if (_changes.TryGetValue(key, out var pending))
        {
            return pending is { } set ? SessionSnapshot.SizeOf(key, set.Stored) : 0;
        }

        return IsWipedByClear(key) ? 0 : snapshot.StoredSize(key);
    }

    public void Reset()
    {
        _changes.Clear();
        _keepOnClear = null;
        Cleared = false;
    }
}
