namespace SessionSample.Sessions;

/// <summary>
/// A value as the app sees it (<see cref="Value"/>, null: a stored value this store could not open) and the length of
/// what Redis holds for it: the codec's form (<see cref="SessionValueCodec"/>), the same bytes unless a value protector
/// changed them. Every size check counts <see cref="StoredLength"/>: the bytes the scripts count.
/// </summary>
internal readonly record struct StoredValue(byte[]? Value, int StoredLength)
{
    public static StoredValue Of(byte[] value) => new(value, value.Length);
}

/// <summary>A pending set: the app's value and the bytes the commit sends for it (the same array unless the codec protected it).</summary>
internal readonly record struct PendingSet(byte[] Value, byte[] Stored);
