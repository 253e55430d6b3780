namespace SessionSample.Sessions;

/// <summary>
/// The expiry arithmetic every script call shares: the idle timeout and the absolute lifetime as the scripts take
/// them (ms; 0 = no absolute end), and what a TTL says about when the session expires and was last touched.
/// </summary>
internal sealed class SessionExpiry(RedisSessionOptions options)
{
    // Apps sharing a session may disagree on the time by this much; an expiry this close to the absolute end counts as set by it.
    private const long AbsoluteCapTolerance = 1000;

    public long IdleMs { get; } = (long)options.IdleTimeout.TotalMilliseconds;

    public long AbsoluteMs { get; } = (long)(options.AbsoluteLifetime?.TotalMilliseconds ?? 0);

    /// <summary>A user's index lives this long past its last sign-in or activity: longer than any session it lists can.</summary>
    public long IndexTtlMs => IdleMs + Math.Max(1, IdleMs / 10);

    public static DateTimeOffset After(long now, long ttl) => DateTimeOffset.FromUnixTimeMilliseconds(now + ttl);

    /// <summary>
    /// Every touch sets the expiry to that moment plus the idle timeout unless the absolute lifetime ends sooner,
    /// so the TTL that was left says when the session was last touched, without a field rewritten on every read.
    /// When the absolute end set that expiry the touch is unknown: null rather than a guess.
    /// </summary>
    public DateTimeOffset? LastAccess(long now, long ttlLeft, DateTimeOffset? created)
    {
        if (ttlLeft < 0)
        {
            return null;
        }

        var expiry = now + ttlLeft;
        if (AbsoluteMs > 0 && created is { } start && expiry >= start.ToUnixTimeMilliseconds() + AbsoluteMs - AbsoluteCapTolerance)
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(expiry - IdleMs, now));
    }
}
