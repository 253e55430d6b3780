using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Two servers like the product's resources, <c>sessions</c> and <c>cache</c>, on the suite's engine.</summary>
public sealed class RedisPairFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private RedisServerProcess? _sessions;
    private RedisServerProcess? _cache;

    public RedisServerProcess Sessions => _sessions ?? throw new InvalidOperationException("The sessions server did not start.");

    public RedisServerProcess Cache => _cache ?? throw new InvalidOperationException("The cache server did not start.");

    public async Task InitializeAsync()
    {
        EngineNotice.Tell(diagnostics);
        var sessions = RedisServerProcess.StartAsync();
        var cache = RedisServerProcess.StartAsync();
        try
        {
            await Task.WhenAll(sessions, cache);
        }
        finally
        {
            // Whichever started is disposed with the fixture, even when the other did not.
            _sessions = sessions.IsCompletedSuccessfully ? sessions.Result : null;
            _cache = cache.IsCompletedSuccessfully ? cache.Result : null;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _sessions, _cache })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}

public static class TestAppExtensions
{
    /// <summary>The raw session id inside a cookie (only tests need it: the app never shows it).</summary>
    public static string RawSessionId(this TestApp app, string cookie) => RawSessionIds.Of(app.Services, cookie);

    public static string SessionKey(this TestApp app, string cookie) => RawSessionIds.SessionKeyOf(app.Services, app.KeyPrefix, cookie);
}
