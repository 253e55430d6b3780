using Microsoft.AspNetCore.Http;

namespace SessionSample.ServiceDefaults.Sessions;

/// <summary>
/// The session of the current request, stored in the <c>sessions</c> Redis. It is also the request's
/// <see cref="ISession"/>, so <c>HttpContext.Session</c>, TempData and Razor Pages keep working; the
/// members below add what <see cref="ISession"/> lacks. Get it with <c>HttpContext.GetRedisSession()</c>.
/// </summary>
public interface IRedisSession : ISession
{
    /// <summary>When the session was created; null until it has been loaded or while it is new.</summary>
    DateTimeOffset? CreatedAt { get; }

    /// <summary>When the session was last loaded or written, before this request.</summary>
    DateTimeOffset? LastAccessedAt { get; }

    /// <summary>When the session expires unless it is used again (sliding idle timeout, capped by the absolute lifetime).</summary>
    DateTimeOffset? ExpiresAt { get; }

    /// <summary>Bytes of all values as loaded plus this request's pending changes.</summary>
    long SizeBytes { get; }

    /// <summary>Adds <paramref name="delta"/> to an integer value in Redis at once (HINCRBY), with no load-modify-save race.</summary>
    Task<long> IncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default);

    /// <summary>Writes one value to Redis at once instead of at the end of the request.</summary>
    /// <exception cref="SessionSizeLimitExceededException">The value or the session would exceed its hard limit; nothing was written.</exception>
    Task SetNowAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>Removes one value from Redis at once.</summary>
    Task RemoveNowAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the session to a new random id (call it at sign-in against fixation): the data is kept, the
    /// old id finds nothing from now on, and the response carries the new cookie.
    /// </summary>
    Task RegenerateIdAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the session and its data (call it at sign-out); the response carries a new, empty session's cookie.</summary>
    Task InvalidateAsync(CancellationToken cancellationToken = default);

    /// <summary>Queues a message for the next request, in either app, that takes flash messages.</summary>
    Task AddFlashAsync(string message, CancellationToken cancellationToken = default);

    /// <summary>Returns the queued flash messages, oldest first, and removes them: each is seen exactly once.</summary>
    Task<IReadOnlyList<string>> TakeFlashesAsync(CancellationToken cancellationToken = default);
}
