namespace SessionSample.Sessions;

/// <summary>
/// An in-process hook on the lifecycle of sessions: register any number in DI
/// (<c>services.AddSingleton&lt;ISessionEvents, MyAudit&gt;()</c>). Each event is raised once, in the process that
/// caused it, after Redis confirmed it; the store also logs it (id hash only) and counts it in
/// <c>sessionsample.session.events{event,reason}</c>. An expiry is noticed without keyspace notifications, by the
/// per-user index pruning the entry (on a list or a sign-in of that user), so it is raised late and only for
/// signed-in sessions. A handler that throws is logged and does not fail the request; a slow one delays it, so
/// queue slow work.
/// </summary>
public interface ISessionEvents
{
    /// <summary>Called once per event, on the request that caused it, after Redis confirmed it.</summary>
    void OnSessionEvent(SessionEvent sessionEvent);
}

/// <summary>A session's lifecycle event, as <see cref="ISessionEvents"/> handlers receive it.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="SessionIdHash">The session's 12-hex-digit log hash (the new id's, for a regeneration or a sign-in).</param>
/// <param name="PreviousSessionIdHash">For <see cref="SessionEventKind.Regenerated"/>: the old id's hash; otherwise null.</param>
/// <param name="UserName">The signed-in user, when the session was bound to one; null otherwise.</param>
/// <param name="Reason">For <see cref="SessionEventKind.Ended"/>: why; otherwise null.</param>
/// <param name="At">When the store saw it.</param>
public sealed record SessionEvent(
    SessionEventKind Kind,
    string SessionIdHash,
    string? PreviousSessionIdHash,
    string? UserName,
    SessionEndReason? Reason,
    DateTimeOffset At);

/// <summary>What happened to a session (<see cref="SessionEvent.Kind"/>).</summary>
public enum SessionEventKind
{
    /// <summary>A write stored a new session.</summary>
    Created,

    /// <summary><see cref="IRedisSession.SignInAsync"/> bound the session to a user.</summary>
    SignedIn,

    /// <summary>The session moved to a new id (every sign-in moves it; so does <see cref="IRedisSession.RegenerateIdAsync"/>).</summary>
    Regenerated,

    /// <summary>The session ended; <see cref="SessionEvent.Reason"/> says why.</summary>
    Ended,
}

/// <summary>Why a session ended (<see cref="SessionEvent.Reason"/>, and what <c>ISessionUsers</c> ends a session with).</summary>
public enum SessionEndReason
{
    /// <summary>The session itself signed out (<see cref="IRedisSession.InvalidateAsync"/>).</summary>
    SignedOut,

    /// <summary>Ended from another session or by an operator (<c>ISessionUsers.EndAsync</c>).</summary>
    Revoked,

    /// <summary>Ended by "sign out everywhere" (or everywhere else).</summary>
    SignedOutEverywhere,

    /// <summary>Ended because a new sign-in went past <see cref="RedisSessionOptions.MaxSessionsPerUser"/> (<see cref="MaxSessionsPolicy.EndOldest"/>).</summary>
    Cap,

    /// <summary>Expired (idle timeout or absolute lifetime), noticed by the per-user index.</summary>
    Expired,
}
