using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// What a script answers, as the first element of its reply: one code per outcome, each a state of its own.
/// The scripts see these as Lua constants of the same names in upper snake case (<c>OK</c>, <c>ID_TAKEN</c>...).
/// </summary>
internal enum ScriptResult
{
    Ok = 1,

    /// <summary>No such key: the session expired or never existed.</summary>
    Missing = -1,

    /// <summary>A tombstone: another request ended the session. Nothing was written.</summary>
    Gone = -2,

    /// <summary>A new session's id is already in use (never in practice with 144 random bits): pick another.</summary>
    IdTaken = -3,

    /// <summary>The write would take the session over its hard size limit (<see cref="StoreReply.WouldBeBytes"/>). Nothing was written.</summary>
    TooLarge = -4,

    /// <summary>An increment of a value that is not a 64-bit integer. Nothing was written.</summary>
    NotInteger = -5,

    /// <summary>An increment that would leave the 64-bit range. Nothing was written.</summary>
    Overflow = -6,

    /// <summary>The session lock is held by another request (for <see cref="StoreReply.HolderMsLeft"/> more).</summary>
    Locked = -7,

    /// <summary>The user already has as many sessions as the cap allows and the policy refuses new ones (or a throttle's counter is full). Nothing was written.</summary>
    Full = -8,

    /// <summary>A swap found the field holding something else than what the write was computed from (<see cref="StoreReply.Found"/>). Nothing was written.</summary>
    Conflict = -9,

    /// <summary>A plain increment found an encrypted value, which HINCRBY cannot add to. Nothing was written.</summary>
    Sealed = -10,

    /// <summary>
    /// The session moved to a new id, or another request is moving it (a sign-in): not ended, its sign-in lives on
    /// under the new id (or again under this one once an abandoned move's deadline passes). Nothing was written.
    /// </summary>
    Moved = -11,
}

/// <summary>A script's reply: its <see cref="Result"/>, then the values its <c>.lua</c> file lists for that code.</summary>
internal readonly struct StoreReply(RedisResult[] items)
{
    public ScriptResult Result { get; } = (ScriptResult)(long)items[0];

    /// <summary>How many values follow the code.</summary>
    public int Count => items.Length - 1;

    /// <summary>The <paramref name="index"/>th value after the code.</summary>
    public RedisResult this[int index] => items[index + 1];

    /// <summary>On <see cref="ScriptResult.TooLarge"/>: the size the refused write would have given the session.</summary>
    public long WouldBeBytes => Result == ScriptResult.TooLarge ? (long)this[0] : 0;

    /// <summary>On <see cref="ScriptResult.Locked"/> (or a full throttle counter): how long the holder keeps it, in ms.</summary>
    public long HolderMsLeft => Result is ScriptResult.Locked or ScriptResult.Full && Count > 0 ? (long)this[0] : 0;

    /// <summary>On <see cref="ScriptResult.Conflict"/>: what the field holds instead, or null when it is absent.</summary>
    public byte[]? Found => Result == ScriptResult.Conflict && Count > 0 ? (byte[]?)this[0] : null;

    public long Long(int index) => (long)this[index];

    public RedisResult[] Array(int index) => (RedisResult[])this[index]!;

    public static StoreReply From(RedisResult result) => new((RedisResult[])result!);
}
