namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// One request's session, without HTTP: the cookie jar is this object (the cookie the browser sent, and what the
/// response tells it to hold), and <see cref="EndAsync"/> does what the middleware does when the response starts
/// and when the request ends: commit, send the cookie, then save what changed after the start.
/// </summary>
internal sealed class StoreSession : ISessionCookieJar
{
    private readonly List<Action> _starting = [];
    private bool _started;

    public StoreSession(SessionFactory sessions, string? cookie)
    {
        RequestValue = cookie;
        Cookie = cookie;
        Session = sessions.Create(this);
    }

    public RedisSession Session { get; }

    /// <summary>The cookie the browser holds: the one it sent until the response says otherwise.</summary>
    public string? Cookie { get; private set; }

    public string? RequestValue { get; }

    public void OnResponseStarting(Action apply)
    {
        // As a server does: a callback registered after the start is refused, never silently dropped.
        if (_started)
        {
            throw new InvalidOperationException("The response has already started.");
        }

        _starting.Add(apply);
    }

    public void Write(string? value) => Cookie = value;

    /// <summary>The response starts (the commit, then the cookie) and the request ends; returns the cookie the browser now holds.</summary>
    public async Task<string?> EndAsync()
    {
        if (!Session.TryMarkResponseStartedWithoutCommit())
        {
            await Session.CommitAtResponseStartAsync();
        }

        _started = true;
        // Servers run OnStarting callbacks last-registered first.
        foreach (var apply in Enumerable.Reverse(_starting))
        {
            apply();
        }

        await Session.CompleteAsync();
        return Cookie;
    }
}
