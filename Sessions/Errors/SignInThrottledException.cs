namespace SessionSample.Sessions;

/// <summary>Too many failed sign-ins for this user name or from this address. Mapped to 429 with a Retry-After of <see cref="RetryAfter"/>.</summary>
public sealed class SignInThrottledException(TimeSpan retryAfter)
    : Exception($"Too many failed sign-ins. Try again in {WholeSeconds(retryAfter)} seconds.")
{
    /// <summary>When the window that counted the failures ends.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>The wait in whole seconds, rounded up and at least 1: what Retry-After says.</summary>
    internal static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
