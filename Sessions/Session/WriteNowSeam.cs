namespace SessionSample.Sessions;

/// <summary>
/// The write-through module's seam (<c>AddWriteThrough()</c>: counters, <c>SetNowAsync</c>/<c>RemoveNowAsync</c>,
/// flash messages): what a write that reaches Redis at once needs of the session. The session keeps its lifecycle,
/// its gate and its one create/new-id loop; the module brings the Redis call. The core knows none of the module's types.
/// </summary>
internal interface IWriteNowTarget
{
    SessionStore Store { get; }

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the call to add unless <paramref name="module"/> was added.</summary>
    void Require(SessionModule module);

    /// <summary>Refuses a reserved key, then throws unless the session may be written now (never degrades).</summary>
    void EnsureCanWriteNow(SessionOperation operation, string key);

    /// <summary>What this request sees in <paramref name="key"/> when Redis may hold something else (a pending value, or null inside for a pending removal or clear); null when nothing is pending.</summary>
    PendingValue? Pending(string key);

    /// <summary>The form Redis is to hold for <paramref name="value"/>, checked against the size limits; an unreadable key ring fails closed.</summary>
    byte[] SealNow(string key, byte[] value);

    /// <summary>
    /// Runs <paramref name="write"/> (given the handle and whether it must create the session) under the session's
    /// gate through its create/new-id loop, throws its refusals (ended, too large, expired too late), and on success
    /// applies the written value to what the request knows: the key is no longer pending. A removal
    /// (<paramref name="createsWhenMissing"/> false) from a session not stored yet writes nothing.
    /// </summary>
    Task<WrittenNow> WriteNowAsync(SessionOperation operation, string key, bool createsWhenMissing, Func<SessionHandle, bool, Task<WrittenNow>> write);

    /// <summary>Buffers a flash message under its <paramref name="field"/> as a set is buffered (lifecycle, size guard, sealing).</summary>
    void BufferFlash(string field, byte[] message);

    /// <summary>
    /// Takes the flash messages this request added and, when stored ones may wait, those <paramref name="takeStored"/>
    /// takes under the gate (an outage fails closed; an ended or moved session has none). Unsorted.
    /// </summary>
    Task<List<KeyValuePair<string, string>>> TakeFlashesAsync(Func<SessionHandle, Task<FlashResult>> takeStored);
}

/// <summary>A session that offers the write-through seam (the request's session does).</summary>
internal interface IWriteNowSession
{
    IWriteNowTarget WriteNow { get; }
}

/// <summary>This request's pending view of a field (null <see cref="Value"/>: removed, or wiped by a pending clear).</summary>
internal readonly record struct PendingValue(byte[]? Value);

/// <summary>A write-through's answer and, on <see cref="ScriptResult.Ok"/>, the value now stored (null: removed) and the length Redis holds it in.</summary>
internal readonly record struct WrittenNow(WriteResult Result, byte[]? Value, int StoredLength);
