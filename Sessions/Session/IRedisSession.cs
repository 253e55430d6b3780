using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions;

/// <summary>
/// The session of the current request, stored in the <c>sessions</c> Redis. It is also the request's
/// <see cref="ISession"/>, so <c>HttpContext.Session</c>, TempData and Razor Pages keep working; the
/// members below add what <see cref="ISession"/> lacks. Get it with <c>HttpContext.GetRedisSession()</c>.
/// <para>
/// Nothing reaches Redis until the session is touched: <see cref="ISession.LoadAsync"/>,
/// <see cref="ISession.TryGetValue"/> or <see cref="ISession.Keys"/> load it in one round trip, and only
/// the keys this request changed are written, in one round trip, just before the response starts.
/// <see cref="ISession.Id"/> is SHA-256 of the id (43 characters, what Redis keys the session by), never
/// the id itself, which only the cookie carries. Keys starting with <c>~</c> are reserved for the store's
/// metadata. The lifecycle (what a change may do when) is described in docs/session-lifecycle.md.
/// </para>
/// <para>
/// If another request ended (sign-out) or moved (sign-in) the session meanwhile, this request's writes are
/// refused with <see cref="SessionEndedException"/> (409) rather than bringing the old id back; nothing is
/// ever dropped silently. A session that expired meanwhile is not revived either: the write creates a new
/// one, with a new id and cookie.
/// </para>
/// </summary>
public interface IRedisSession : ISession
{
    /// <summary>When the session was created; null until it has been loaded or while it is new.</summary>
    DateTimeOffset? CreatedAt { get; }

    /// <summary>
    /// When the session was last loaded or written, before this request; null until it has been loaded.
    /// <para>
    /// It is not stored: a read would then have to write it. It follows from the expiry instead, which every
    /// load and write sets to that moment plus <see cref="RedisSessionOptions.IdleTimeout"/>. That holds while
    /// the idle timeout has not changed since then. Once the <see cref="RedisSessionOptions.AbsoluteLifetime"/>
    /// end comes within one idle timeout, that end sets the expiry instead and the last access is unknown: it
    /// is then null.
    /// </para>
    /// </summary>
    DateTimeOffset? LastAccessedAt { get; }

    /// <summary>When the session expires unless it is used again (sliding idle timeout, capped by the absolute lifetime).</summary>
    DateTimeOffset? ExpiresAt { get; }

    /// <summary>Bytes of all values as loaded plus this request's pending changes.</summary>
    long SizeBytes { get; }

    /// <summary>
    /// Moves the session to a new random id (call it at sign-in against fixation): the data is kept, the
    /// old id finds nothing from now on (a late write to it is refused), and the response carries the new
    /// cookie. It fails closed (503) when Redis cannot be reached, whatever the outage policy.
    /// </summary>
    Task RegenerateIdAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The user this session is signed in as (<see cref="SignInAsync"/>), or null. Known once the session has
    /// been loaded; the cookie authentication helper <c>BindToRedisSession</c> honours a sign-in cookie only
    /// while this names its user.
    /// </summary>
    string? UserName { get; }

    /// <summary>
    /// Signs the session in as <paramref name="userName"/>: moves it to a new id (as <see cref="RegenerateIdAsync"/>,
    /// the data is kept), binds it to the user and lists it in the user's index, all before the response starts.
    /// Call it after checking the credentials and before signing in with cookie authentication, whose cookie then
    /// lives only as long as this session. Beyond <see cref="RedisSessionOptions.MaxSessionsPerUser"/> it ends the
    /// user's least recently used session, or throws <see cref="TooManySessionsException"/> (409) before changing
    /// anything (<see cref="RedisSessionOptions.OnMaxSessions"/>). It fails closed (503) when Redis cannot be reached.
    /// </summary>
    /// <param name="userName">The user's canonical name, as the user store spells it.</param>
    /// <param name="userAgent">The browser's User-Agent header, summarized for the user's list of devices.</param>
    /// <param name="cancellationToken">Stops waiting for Redis; what Redis already did stays done.</param>
    /// <exception cref="InvalidOperationException">The sign-in binding module (<c>AddSignInBinding()</c>) was not added at startup.</exception>
    Task SignInAsync(string userName, string? userAgent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the session and its data (call it at sign-out). The rest of the request sees a new, empty
    /// session; the response deletes the cookie, or carries the new session's cookie if the request wrote to it.
    /// A late write with the old cookie is refused. It fails closed (503) when Redis cannot be reached. A session that
    /// another request is moving to a new id is ended all the same; one whose move has finished and cannot be reached
    /// through the user's index any more throws <see cref="SessionEndedException"/> (409) rather than report a sign-out
    /// that left the sign-in alive.
    /// </summary>
    Task InvalidateAsync(CancellationToken cancellationToken = default);
}
