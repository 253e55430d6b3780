using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions;

/// <summary>
/// Keeps an active user's session alive when their requests never read it. The built-in session slides the
/// expiry on every request (a Redis command each); this store slides it on every load and write, and for a
/// request that carried the cookie but never touched the session, at most once per <see cref="Interval"/>
/// (a tenth of the idle timeout) per session and process, with a command sent off the request path. So an
/// untouched request costs no command almost always, and a session used only that way expires at most one
/// interval earlier than its idle timeout after the last request.
/// </summary>
internal sealed class SessionActivity : IDisposable
{
    // Ids this process slid recently. A session that falls out early is slid again: one more command, no harm.
    private readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = 16 * 1024 });

    public SessionActivity(IOptions<RedisSessionOptions> options)
    {
        Interval = options.Value.IdleTimeout / 10;
    }

    public TimeSpan Interval { get; }

    /// <summary>A load or write just slid the expiry of <paramref name="session"/>.</summary>
    public void Touched(SessionHandle session)
    {
        using var entry = _recent.CreateEntry(session.Id);
        entry.Value = true;
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = Interval;
    }

    /// <summary>A request used the session without reading it: slide its expiry, unless that happened within the interval.</summary>
    public void Untouched(SessionStore store, SessionHandle session)
    {
        if (_recent.TryGetValue(session.Id, out _))
        {
            return;
        }

        Touched(session);
        _ = SlideAsync(store, session);
    }

    public void Dispose() => _recent.Dispose();

    private static async Task SlideAsync(SessionStore store, SessionHandle session)
    {
        try
        {
            await store.TouchAsync(session);
        }
        catch (SessionStoreUnavailableException exception)
        {
            // Off the request path: a missed slide only brings the expiry closer, and the next request may slide it.
            SessionLog.TouchFailed(store.Logger, session.LogHash, exception);
        }
    }
}
