using SessionSample.Sessions.Locking;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The session lock for minimal API endpoints and route groups; pages and controllers use <see cref="SessionLockAttribute"/>.</summary>
public static class SessionLockEndpointExtensions
{
    /// <summary>
    /// Serialises requests of one session on these endpoints: a request waits up to <paramref name="wait"/>
    /// (default 10 s) for the lock, then gets 423 with Retry-After; a holder keeps it at most
    /// <paramref name="hold"/> (default 10 s), so a crashed one cannot block the session for longer.
    /// </summary>
    public static TBuilder RequireSessionLock<TBuilder>(this TBuilder builder, TimeSpan? hold = null, TimeSpan? wait = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SessionLockAttribute(
            hold ?? TimeSpan.FromSeconds(SessionLockAttribute.DefaultHoldSeconds),
            wait ?? TimeSpan.FromSeconds(SessionLockAttribute.DefaultWaitSeconds)));
}
