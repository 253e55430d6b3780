namespace SessionSample.Sessions;

/// <summary>The session store (the <c>sessions</c> Redis) did not answer within the operation budget. Mapped to 503.</summary>
public sealed class SessionStoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>A write would take a value or the whole session over its hard size limit. Nothing was written.</summary>
public sealed class SessionSizeLimitExceededException(string message) : Exception(message);

/// <summary>
/// Another request ended (sign-out) or moved (sign-in) this request's session while it was using it, so its
/// write was refused rather than reviving the old id: nothing was written. Mapped to 409 Conflict.
/// </summary>
public sealed class SessionEndedException()
    : Exception("The session was ended or moved to a new id by another request while this request was using it; nothing was written. Repeat the request with the current session.");

/// <summary>An increment of a value that is not a 64-bit integer, or that would leave the 64-bit range. Nothing was written. Mapped to 409 Conflict.</summary>
public sealed class SessionCounterException(string message) : InvalidOperationException(message);

/// <summary>
/// Another request held the session lock for longer than this endpoint may wait. Mapped to 423 with a
/// Retry-After of <see cref="RetryAfter"/>.
/// </summary>
public sealed class SessionLockTimeoutException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When the lock will have been released at the latest (the holder's remaining hold time).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A sign-in refused because the user already has <see cref="RedisSessionOptions.MaxSessionsPerUser"/> live
/// sessions and <see cref="RedisSessionOptions.OnMaxSessions"/> is <see cref="MaxSessionsPolicy.RefuseNew"/>.
/// Nothing was signed in. Mapped to 409 Conflict.
/// </summary>
public sealed class TooManySessionsException(int maxSessions)
    : Exception($"You are already signed in on {maxSessions} devices, the most allowed. Sign out on one of them first.")
{
    /// <summary>The cap that was reached (<see cref="RedisSessionOptions.MaxSessionsPerUser"/>).</summary>
    public int MaxSessions { get; } = maxSessions;
}

/// <summary>Too many failed sign-ins for this user name or from this address. Mapped to 429 with a Retry-After of <see cref="RetryAfter"/>.</summary>
public sealed class SignInThrottledException(TimeSpan retryAfter)
    : Exception($"Too many failed sign-ins. Try again in {WholeSeconds(retryAfter)} seconds.")
{
    /// <summary>When the window that counted the failures ends.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>The wait in whole seconds, rounded up and at least 1: what Retry-After says.</summary>
    internal static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
