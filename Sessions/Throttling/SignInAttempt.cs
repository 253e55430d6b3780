using StackExchange.Redis;

namespace SessionSample.Sessions.Throttling;

/// <summary>
/// A sign-in attempt that <see cref="SignInThrottle.ReserveAsync"/> counted in advance: one failure reserved on
/// each counter before the password is checked. If the password is wrong the reservation simply stands as the
/// failure; if it is right, <see cref="SignInThrottle.ReleaseAsync"/> takes back exactly this attempt's one.
/// </summary>
public sealed class SignInAttempt
{
    internal SignInAttempt(IReadOnlyList<(RedisKey Key, long TtlMs)> reserved) => Reserved = reserved;

    /// <summary>Each counter this attempt incremented, with its time to live just after: a later window has a longer one.</summary>
    internal IReadOnlyList<(RedisKey Key, long TtlMs)> Reserved { get; }

    internal bool Released { get; set; }
}
