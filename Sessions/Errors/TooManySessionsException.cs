namespace SessionSample.Sessions;

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
