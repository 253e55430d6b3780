namespace SessionSample.Sessions;

/// <summary>
/// Another request held the session lock for longer than this endpoint may wait. Mapped to 423 with a
/// Retry-After of <see cref="RetryAfter"/>.
/// </summary>
public sealed class SessionLockTimeoutException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When the lock will have been released at the latest (the holder's remaining hold time).</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
