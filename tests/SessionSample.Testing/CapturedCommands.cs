using System.Collections;

namespace SessionSample.Testing;

/// <summary>
/// The commands one capture saw, in order: each the command name in upper case, then its arguments as
/// the counter saw them (MONITOR quotes them; the proxy gives their lengths), e.g. <c>EVALSHA "a1..." "1"</c>.
/// </summary>
public sealed class CapturedCommands(IReadOnlyList<string> commands, int? insideScripts) : IReadOnlyList<string>
{
    /// <summary>Commands Lua scripts ran inside the server meanwhile (not round trips); null where the counter cannot see them.</summary>
    public int? InsideScripts { get; } = insideScripts;

    public int Count => commands.Count;

    public string this[int index] => commands[index];

    /// <summary>The name of a captured command: <c>EVALSHA</c> for <c>EVALSHA "a1..." "1"</c>.</summary>
    public static string NameOf(string command) => command.Split(' ', 2)[0];

    /// <summary>Client heartbeats are not what an app's requests cost; the session store never sends them.</summary>
    public static bool IsHeartbeat(string name) =>
        name.Equals("PING", StringComparison.OrdinalIgnoreCase) || name.Equals("ECHO", StringComparison.OrdinalIgnoreCase);

    public IEnumerator<string> GetEnumerator() => commands.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
