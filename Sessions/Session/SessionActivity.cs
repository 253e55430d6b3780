using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions;

/// <summary>
/// Keeps an active user's session alive when their requests never read it. The built-in session slides the
/// expiry on every request (a Redis command each); this store slides it on every load and write, and for a
/// request that carried the cookie but never touched the session, at most once per <see cref="Interval"/>
/// (a tenth of the idle timeout) per session and process, with a command sent off the request path. So an
/// untouched request costs no command almost always, and a session used only that way expires at most one
/// interval earlier than its idle timeout after the last request.
/// <para>
/// The bound holds for any number of sessions: the record of recent slides forgets only what is older than
/// the interval. Slides wait in a bounded queue worked by a few concurrent senders, so a burst cannot flood
/// Redis or the process; a slide the full queue cannot take is not recorded, and the next request retries it.
/// </para>
/// </summary>
internal sealed class SessionActivity : IDisposable
{
    private const int QueueCapacity = 8192;
    private const int Senders = 8;

    // Handle → when its last slide (or load, or write) stops counting, in Environment.TickCount64 ms.
    private readonly ConcurrentDictionary<string, long> _slidUntil = new(StringComparer.Ordinal);
    private readonly Channel<(SessionStore Store, SessionHandle Session, ISessionBinder? Binder, string? UserHandle)> _queue =
        Channel.CreateBounded<(SessionStore, SessionHandle, ISessionBinder?, string?)>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly long _intervalMs;
    private readonly Task[] _senders;
    private long _sweepAt;

    public SessionActivity(IOptions<RedisSessionOptions> options)
    {
        Interval = options.Value.IdleTimeout / 10;
        _intervalMs = Math.Max(1, (long)Interval.TotalMilliseconds);
        _sweepAt = Environment.TickCount64 + _intervalMs;
        _senders = [.. Enumerable.Range(0, Senders).Select(_ => Task.Run(SendAsync))];
    }

    public TimeSpan Interval { get; }

    /// <summary>A load or write just slid the expiry of <paramref name="session"/>.</summary>
    public void Touched(SessionHandle session) => _slidUntil[session.Id] = Environment.TickCount64 + _intervalMs;

    /// <summary>A request used the session without reading it: slide its expiry, unless that happened within the interval.</summary>
    public void Untouched(SessionStore store, SessionHandle session)
    {
        var now = Environment.TickCount64;
        if (_slidUntil.TryGetValue(session.Id, out var until) && until > now)
        {
            return;
        }

        if (_queue.Writer.TryWrite((store, session, null, null)))
        {
            _slidUntil[session.Id] = now + _intervalMs;
        }

        SweepIfDue(now);
    }

    /// <summary>
    /// A signed-in session was used: its user's index must outlive it, so its expiry is pushed out too, at most
    /// once per interval per user and process and off the request path (a bound read costs what any read costs).
    /// </summary>
    public void UserActive(SessionStore store, ISessionBinder binder, SessionHandle session, string userHandle)
    {
        var now = Environment.TickCount64;
        var key = "user:" + userHandle;
        if (_slidUntil.TryGetValue(key, out var until) && until > now)
        {
            return;
        }

        if (_queue.Writer.TryWrite((store, session, binder, userHandle)))
        {
            _slidUntil[key] = now + _intervalMs;
        }

        SweepIfDue(now);
    }

    public void Dispose() => _queue.Writer.TryComplete();

    // Forgets what no longer counts, once per interval: the record holds only sessions active within one.
    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _sweepAt);
        if (now < due || Interlocked.CompareExchange(ref _sweepAt, now + _intervalMs, due) != due)
        {
            return;
        }

        foreach (var (id, until) in _slidUntil)
        {
            if (until <= now)
            {
                _slidUntil.TryRemove(new KeyValuePair<string, long>(id, until));
            }
        }
    }

    private async Task SendAsync()
    {
        await foreach (var (store, session, binder, userHandle) in _queue.Reader.ReadAllAsync())
        {
            try
            {
                if (binder is null || userHandle is null)
                {
                    await store.TouchAsync(session);
                }
                else
                {
                    await binder.TouchAsync(userHandle);
                }
            }
            catch (SessionStoreUnavailableException exception)
            {
                // Off the request path: a missed slide only brings the expiry closer, and the next request may slide it.
                SessionLog.TouchFailed(store.Logger, session.LogHash, exception);
            }
        }
    }
}
