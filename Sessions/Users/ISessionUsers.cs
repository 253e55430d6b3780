using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>
/// The signed-in sessions of each user, from the per-user index (registered by <c>AddSignInBinding()</c>).
/// A session joins its user's index when <see cref="IRedisSession.SignInAsync"/> binds it, moves with it when
/// its id changes and leaves it when it ends. Entries of sessions that expired or ended never show in a list
/// and never accumulate: every list and every sign-in prunes them (an expired one raises
/// <see cref="SessionEventKind.Ended"/> with <see cref="SessionEndReason.Expired"/>, once). Sessions are
/// named by their handle (<see cref="Microsoft.AspNetCore.Http.ISession.Id"/>), which cannot open a session.
/// </summary>
public interface ISessionUsers
{
    /// <summary>The live sessions <paramref name="userName"/> is signed in with, newest first.</summary>
    Task<IReadOnlyList<UserSession>> ListAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends one of <paramref name="userName"/>'s sessions at once (data deleted, late writes refused), and with
    /// it the sign-in bound to it, on every app. False when <paramref name="handle"/> is not one of this user's
    /// live sessions: another user's handle is treated exactly like one that never existed.
    /// </summary>
    Task<bool> EndAsync(string userName, string handle, SessionEndReason reason, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of <paramref name="userName"/> but <paramref name="exceptHandle"/> (null: all of them); returns how many ended.</summary>
    Task<int> EndAllAsync(string userName, string? exceptHandle, SessionEndReason reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts over the whole store, for an operator (a scan of every session: not for a request path). Sessions
    /// are named by their 12-digit log hash, never by an id or a handle.
    /// </summary>
    /// <param name="top">How many users and sessions the two top lists hold at most.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    Task<SessionStatistics> GetStatisticsAsync(int top = 10, CancellationToken cancellationToken = default);
}

/// <summary>One signed-in session of a user, as <see cref="ISessionUsers.ListAsync"/> finds it.</summary>
/// <param name="Handle">The session's handle (its <c>ISession.Id</c>): what <see cref="ISessionUsers.EndAsync"/> takes.</param>
/// <param name="CreatedAt">When the session was created (it may predate the sign-in, which keeps its data).</param>
/// <param name="LastSeenAt">When a request last used it; null when the absolute lifetime, not the idle timeout, sets its expiry.</param>
/// <param name="ExpiresAt">When it expires unless used again.</param>
/// <param name="SignedInAt">When the user signed in with it.</param>
/// <param name="Device">A short summary of the browser's user agent at sign-in, such as "Firefox on Linux".</param>
public sealed record UserSession(
    string Handle,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset SignedInAt,
    string Device);

/// <summary>What <see cref="ISessionUsers.GetStatisticsAsync"/> found.</summary>
/// <param name="LiveSessions">Sessions that exist and have not ended (tombstones and locks are not sessions).</param>
/// <param name="SignedInSessions">Of those, the ones bound to a user.</param>
/// <param name="SignedInUsers">Distinct users with at least one live session.</param>
/// <param name="TopUsers">The users with the most live sessions, most first.</param>
/// <param name="LargestSessions">The largest live sessions by stored bytes, largest first.</param>
public sealed record SessionStatistics(
    long LiveSessions,
    long SignedInSessions,
    long SignedInUsers,
    IReadOnlyList<UserSessionCount> TopUsers,
    IReadOnlyList<SessionSize> LargestSessions);

/// <summary>A user and how many live sessions they have, in <see cref="SessionStatistics.TopUsers"/>.</summary>
/// <param name="UserName">The user's canonical name.</param>
/// <param name="Sessions">Their live sessions.</param>
public sealed record UserSessionCount(string UserName, int Sessions);

/// <summary>A session and its stored size, in <see cref="SessionStatistics.LargestSessions"/>.</summary>
/// <param name="SessionIdHash">The session's 12-hex-digit log hash, as the logs and traces name it.</param>
/// <param name="UserName">The signed-in user, or null for an anonymous session.</param>
/// <param name="Bytes">Counted bytes (user keys and flash messages, names included), as the size guard counts them.</param>
public sealed record SessionSize(string SessionIdHash, string? UserName, long Bytes);

/// <summary>An <see cref="ISessionUsers"/> for code outside the apps' DI, such as the AppHost's dashboard commands.</summary>
public static class SessionUsers
{
    /// <summary>
    /// The users' sessions in the store <paramref name="redis"/> connects to, with the apps' key prefix, idle
    /// timeout and cap (<paramref name="options"/>). Events it causes are logged and counted, with no handlers.
    /// </summary>
    public static ISessionUsers Create(IConnectionMultiplexer redis, RedisSessionOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SessionStore>();
        // The index and the metadata only, never a value: no key ring is needed, and none is loaded (a value
        // this store read would be unreadable, never wrongly decrypted; it writes none).
        var store = new SessionStore(redis, Microsoft.Extensions.Options.Options.Create(options), SessionValueCodec.Identity, TimeProvider.System, logger, []);
        return new SessionSignIn(store);
    }
}
