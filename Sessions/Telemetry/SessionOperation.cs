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
    /// <summary>The tag value: snake_case, as OpenTelemetry's semantic conventions spell values.</summary>
    public static string Tag(this SessionOperation operation) => operation switch
    {
        SessionOperation.Load => "load",
        SessionOperation.Commit => "commit",
        SessionOperation.LateCommit => "late_commit",
        SessionOperation.Set => "set",
        SessionOperation.Remove => "remove",
        SessionOperation.Clear => "clear",
        SessionOperation.SetNow => "set_now",
        SessionOperation.RemoveNow => "remove_now",
        SessionOperation.Increment => "increment",
        SessionOperation.Flash => "flash",
        SessionOperation.Encrypt => "encrypt",
        SessionOperation.Cookie => "cookie",
        SessionOperation.Touch => "touch",
        SessionOperation.Regenerate => "regenerate",
        SessionOperation.SignIn => "sign_in",
        SessionOperation.Invalidate => "invalidate",
        SessionOperation.Lock => "lock",
        SessionOperation.Unlock => "unlock",
        SessionOperation.Peek => "peek",
        SessionOperation.Index => "index",
        SessionOperation.IndexTouch => "index_touch",
        SessionOperation.Park => "park",
        SessionOperation.Fetch => "fetch",
        SessionOperation.Throttle => "throttle",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
