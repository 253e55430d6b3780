namespace SessionSample.Sessions.Throttling;

/// <summary>How many failed sign-ins a user name, and a client address, may have in a window (<c>Sessions:SignInThrottle</c>).</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sessions:SignInThrottle";

    /// <summary>Failures allowed per user name per window; the next attempt is refused (429) until the window passes.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>
    /// Failures allowed per client address per window. Higher than per name: many people share an address
    /// (an office, a mobile carrier's NAT), and one guesser trying many names is what this catches.
    /// </summary>
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>The window, counted from the first failure in it.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
