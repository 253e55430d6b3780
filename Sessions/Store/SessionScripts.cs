using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The store's scripts, each one atomic round trip, the arguments each takes and what its success reply
/// holds, in order. The enums are the single declaration of that order: <see cref="SessionScript"/> turns
/// them into the Lua locals and the <c>reply_ok</c> the script bodies use, <see cref="ScriptArgs{TArg}"/>
/// packs ARGV by them, and <see cref="ScriptReply.Get{TReply}"/> reads replies by them.
/// </summary>
internal static class SessionScripts
{
    public static readonly SessionScript Load = SessionScript.Create<TouchArg, LoadReply>("load");

    public static readonly SessionScript Commit = SessionScript.Create<CommitArg, CommitReply>("commit");

    public static readonly SessionScript Increment = SessionScript.Create<IncrementArg, IncrementReply>("increment");

    public static readonly SessionScript Swap = SessionScript.Create<SwapArg, CommitReply>("swap");

    public static readonly SessionScript TakeFlashes = SessionScript.Create<TouchArg, FlashReply>("take_flashes");

    public static readonly SessionScript MoveBegin = SessionScript.Create<MoveBeginArg, MoveBeginReply>("move_begin");

    public static readonly SessionScript MoveCopy = SessionScript.Create<MoveCopyArg, NoReply>("move_copy");

    public static readonly SessionScript MoveEnd = SessionScript.Create<MoveEndArg, NoReply>("move_end");

    public static readonly SessionScript MoveAbort = SessionScript.Create<MoveAbortArg, NoReply>("move_abort");

    public static readonly SessionScript Discard = SessionScript.Create<NoArg, NoReply>("discard");

    public static readonly SessionScript End = SessionScript.Create<EndArg, EndReply>("end");

    public static readonly SessionScript Touch = SessionScript.Create<TouchArg, NoReply>("touch");

    public static readonly SessionScript AcquireLock = SessionScript.Create<LockArg, NoReply>("lock_acquire");

    public static readonly SessionScript ReleaseLock = SessionScript.Create<ReleaseArg, ReleaseReply>("lock_release");

    public static readonly SessionScript Peek = SessionScript.Create<NoArg, PeekReply>("peek");

    public static readonly SessionScript Bind = SessionScript.Create<BindArg, BindReply>("bind");

    public static readonly SessionScript Unbind = SessionScript.Create<UnbindArg, NoReply>("unbind");

    public static readonly SessionScript IndexRead = SessionScript.Create<NoArg, IndexReadReply>("index_read");

    public static readonly SessionScript IndexAdd = SessionScript.Create<IndexAddArg, IndexAddReply>("index_add");

    public static readonly SessionScript IndexRemove = SessionScript.Create<NoArg, IndexRemoveReply>("index_remove");

    public static readonly SessionScript IndexMove = SessionScript.Create<IndexMoveArg, NoReply>("index_move");

    public static readonly SessionScript IndexTouch = SessionScript.Create<IndexTouchArg, NoReply>("index_touch");

    public static readonly SessionScript[] All =
    [
        Load, Commit, Increment, Swap, TakeFlashes, MoveBegin, MoveCopy, MoveEnd, MoveAbort, Discard, End, Touch, AcquireLock, ReleaseLock,
        Peek, Bind, Unbind, IndexRead, IndexAdd, IndexRemove, IndexMove, IndexTouch,
    ];
}

internal enum NoArg
{
}

/// <summary>A success reply with nothing but OK.</summary>
internal enum NoReply
{
}

internal enum LoadReply
{
    Ttl,
    TtlLeft,
    Fields,
    HasFlashes,
}

internal enum CommitReply
{
    Ttl,
    Bytes,
}

internal enum IncrementReply
{
    Ttl,
    Value,
    Bytes,
}

internal enum FlashReply
{
    Bytes,
    Flashes,
}

internal enum MoveBeginReply
{
    Ttl,
    LockMs,
    Fields,
}

internal enum ReleaseReply
{
    Released,
}

internal enum EndReply
{
    /// <summary>The user the ended session was signed in as, or "".</summary>
    User,
}

/// <summary>A look at a session for a list; "" stands for an absent field.</summary>
internal enum PeekReply
{
    TtlLeft,
    User,
    Created,
    Device,
    SignedIn,
    Bytes,
}

internal enum BindReply
{
    Ttl,
}

internal enum IndexReadReply
{
    /// <summary>{session handle, signed-in ms, ...}.</summary>
    Entries,
}

internal enum IndexAddReply
{
    /// <summary>The dead handles the caller named that were still listed (now removed).</summary>
    Dropped,

    /// <summary>The handles removed to stay within the cap: the caller ends those sessions.</summary>
    Evicted,
}

internal enum IndexRemoveReply
{
    Removed,
}

/// <summary>Arguments of every script that slides the expiry: load, take_flashes, touch.</summary>
internal enum TouchArg
{
    Now,
    IdleMs,
    AbsoluteMs,
}

/// <summary>Fixed arguments of commit; the change lists follow at <c>TAIL</c>.</summary>
internal enum CommitArg
{
    Now,
    IdleMs,
    AbsoluteMs,
    Create,
    LimitBytes,
    Clear,
}

internal enum IncrementArg
{
    Now,
    IdleMs,
    AbsoluteMs,
    Create,
    LimitBytes,
    [LuaString]
    Delta,
    [LuaString]
    Field,

    /// <summary>0: the field as stored; 1: <see cref="Base"/> first (a pending value); 2: absent first (a pending removal or clear).</summary>
    BaseKind,
    [LuaString]
    Base,
}

/// <summary>A conditional set of one field (<c>swap</c>): what the field must hold for <see cref="Value"/> to replace it.</summary>
internal enum SwapArg
{
    Now,
    IdleMs,
    AbsoluteMs,
    Create,
    LimitBytes,
    [LuaString]
    Field,

    /// <summary>A <see cref="SwapKind"/>.</summary>
    ExpectKind,
    [LuaString]
    Expected,
    [LuaString]
    Value,
}

/// <summary>What a swap requires of the field before it writes (the numbers the script compares).</summary>
internal enum SwapKind
{
    Any = 0,
    Exactly = 1,
    Absent = 2,

    /// <summary>Write nothing: only answer what the field holds.</summary>
    Read = 3,
}

internal enum EndArg
{
    Now,

    /// <summary>1: end it even in the middle of a move (ended from elsewhere); 0: a move in progress refuses it.</summary>
    Force,
}

/// <summary>A new session bound at sign-in.</summary>
internal enum BindArg
{
    Now,
    IdleMs,
    AbsoluteMs,
    [LuaString]
    User,
    [LuaString]
    Device,
    SignedIn,
    [LuaString]
    SignIn,
}

internal enum UnbindArg
{
    [LuaString]
    SignIn,
}

/// <summary>The fixed arguments of index_add; the dead handles and the eviction candidates follow at <c>TAIL</c>.</summary>
internal enum IndexAddArg
{
    Cap,
    Refuse,
    [LuaString]
    Handle,
    SignedIn,
    [LuaString]
    Replaces,
    TtlMs,
}

internal enum IndexMoveArg
{
    [LuaString]
    From,
    [LuaString]
    To,
    TtlMs,
}

internal enum IndexTouchArg
{
    TtlMs,
}

/// <summary>A regeneration's first step, on the old key: the move's token and deadline, and the lock token to carry over.</summary>
internal enum MoveBeginArg
{
    Now,
    IdleMs,
    AbsoluteMs,
    [LuaString]
    MoveToken,
    DeadlineMs,
    [LuaString]
    LockToken,
}

/// <summary>The copy's fixed arguments; the fields follow at <c>TAIL</c>.</summary>
internal enum MoveCopyArg
{
    TtlMs,
    [LuaString]
    LockToken,
    LockMs,
}

/// <summary>Giving a move up (its copy failed), on the old key.</summary>
internal enum MoveAbortArg
{
    [LuaString]
    MoveToken,
    DeadlineMs,
}

/// <summary>The last step of a move, on the old key.</summary>
internal enum MoveEndArg
{
    Now,
    [LuaString]
    MoveToken,
    DeadlineMs,
}

internal enum LockArg
{
    [LuaString]
    Token,
    HoldMs,
}

internal enum ReleaseArg
{
    [LuaString]
    Token,
}

/// <summary>Packs ARGV for a script whose fixed arguments are <typeparamref name="TArg"/>, plus an optional tail.</summary>
internal readonly struct ScriptArgs<TArg>
    where TArg : struct, Enum
{
    private static readonly int s_fixed = Enum.GetValues<TArg>().Length;

    public ScriptArgs()
        : this(0)
    {
    }

    public ScriptArgs(int tailLength)
    {
        Values = new RedisValue[s_fixed + tailLength];
    }

    public RedisValue[] Values { get; }

    public RedisValue this[TArg argument]
    {
        set => Values[Unsafe.As<TArg, int>(ref argument)] = value;
    }

    /// <summary>The <paramref name="index"/>th value after the fixed arguments (Lua's <c>ARGV[TAIL + index]</c>).</summary>
    public void SetTail(int index, RedisValue value) => Values[s_fixed + index] = value;
}
