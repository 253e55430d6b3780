namespace SessionSample.Sessions;

/// <summary>
/// The core's scripts, each one atomic round trip on one cluster slot (every key of a call shares a hash tag). What
/// each takes and answers is written at the top of its <c>.lua</c> file; where a script has modes, its first
/// argument names the mode. Each module declares its own scripts with its registration (<see cref="SessionModules.Scripts"/>).
/// </summary>
internal static class StoreScripts
{
    /// <summary>Reads a session ('read'), slides it only ('touch') or takes its flash messages ('take').</summary>
    public static readonly StoreScript Load = StoreScript.Embedded("load");

    public static readonly StoreScript Commit = StoreScript.Embedded("commit");

    public static readonly StoreScript End = StoreScript.Embedded("end");

    /// <summary>A look at a session for a user's list, without sliding it.</summary>
    public static readonly StoreScript Peek = StoreScript.Embedded("peek");

    /// <summary>The steps of a regeneration: 'begin', 'copy', 'end', 'abort', 'discard'.</summary>
    public static readonly StoreScript Move = StoreScript.Embedded("move");

    public static readonly StoreScript[] All = [Load, Commit, End, Peek, Move];
}
