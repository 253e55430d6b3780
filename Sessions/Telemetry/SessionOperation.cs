using System.Collections.Frozen;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// What the store was doing: the <c>operation</c> tag of spans and metrics and the <c>{Operation}</c> of log lines
/// and messages. One enum so that one operation has one spelling everywhere (<see cref="SessionOperations.Tag"/>).
/// </summary>
internal enum SessionOperation
{
    Load,
    Commit,

    /// <summary>The commit at the end of a request, for changes made after the response started.</summary>
    LateCommit,
    Set,
    Remove,
    Clear,
    SetNow,
    RemoveNow,
    Increment,
    Flash,
    Encrypt,
    Cookie,
    Touch,
    Regenerate,
    SignIn,
    Invalidate,
    Lock,
    Unlock,

    /// <summary>A read of a session's metadata for the user's list of sessions.</summary>
    Peek,
    Index,

    /// <summary>The sliding of a user's index expiry along with the session's.</summary>
    IndexTouch,

    /// <summary>Data parked in the cache Redis (<c>SessionOffload</c>).</summary>
    Park,

    /// <summary>Parked data read back from the cache Redis.</summary>
    Fetch,

    /// <summary>A failed-sign-in counter reserved or released (<c>SignInThrottle</c>).</summary>
    Throttle,
}

internal static class SessionOperations
{
    public static string Tag(this SessionOperation operation) => SnakeCase.Of(operation);
}

/// <summary>
/// Telemetry values spelled after the enum member they stand for, in snake_case as OpenTelemetry's semantic conventions
/// spell values (<c>SignIn</c> is <c>sign_in</c>): one spelling per member, computed once, never typed twice.
/// </summary>
internal static class SnakeCase
{
    /// <summary>The member's value; "unknown" for a number no member names (a code a newer script answers).</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.All.TryGetValue(value, out var name) ? name : "unknown";

    public static string Of(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var letter in name)
        {
            if (char.IsUpper(letter) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(letter));
        }

        return text.ToString();
    }

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> All = Enum.GetValues<T>().ToFrozenDictionary(value => value, value => Of(value.ToString()));
    }
}
