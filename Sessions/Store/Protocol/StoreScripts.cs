namespace SessionSample.Sessions;

/// <summary>
/// The store's scripts, each one atomic round trip on one cluster slot (every key of a call shares a hash
/// tag). What each takes and answers is written at the top of its <c>.lua</c> file; where a script has modes,
/// its first argument names the mode.
/// </summary>
internal static class StoreScripts
{
    /// <summary>Reads a session ('read'), slides it only ('touch') or takes its flash messages ('take').</summary>
    public static readonly StoreScript Load = StoreScript.Embedded("load");

    public static readonly StoreScript Commit = StoreScript.Embedded("commit");

    /// <summary>HINCRBY of a plain counter.</summary>
    public static readonly StoreScript Increment = StoreScript.Embedded("increment");

    /// <summary>A conditional set of one field (an encrypted counter's step).</summary>
    public static readonly StoreScript Swap = StoreScript.Embedded("swap");

    public static readonly StoreScript End = StoreScript.Embedded("end");

    /// <summary>A look at a session for a user's list, without sliding it.</summary>
    public static readonly StoreScript Peek = StoreScript.Embedded("peek");

    /// <summary>The steps of a regeneration: 'begin', 'copy', 'end', 'abort', 'discard'.</summary>
    public static readonly StoreScript Move = StoreScript.Embedded("move");

    /// <summary>The session lock: 'acquire', 'release'.</summary>
    public static readonly StoreScript Lock = StoreScript.Embedded("lock");

    /// <summary>A new session bound at sign-in ('bind'), or that binding taken back ('unbind').</summary>
    public static readonly StoreScript Bind = StoreScript.Embedded("bind");

    /// <summary>A user's index: 'read', 'remove', 'move', 'touch'.</summary>
    public static readonly StoreScript Index = StoreScript.Embedded("index");

    /// <summary>A session listed in its user's index, within the cap.</summary>
    public static readonly StoreScript IndexAdd = StoreScript.Embedded("index_add");

    /// <summary>A failed-sign-in counter: 'reserve', 'release'.</summary>
    public static readonly StoreScript Throttle = StoreScript.Embedded("throttle");

    public static readonly StoreScript[] All = [Load, Commit, Increment, Swap, End, Peek, Move, Lock, Bind, Index, IndexAdd, Throttle];
}

/// <summary>What a swap requires of the field before it writes (the numbers swap.lua compares).</summary>
internal enum SwapKind
{
    Any = 0,
    Exactly = 1,
    Absent = 2,

    /// <summary>Write nothing: only answer what the field holds.</summary>
    Read = 3,
}
