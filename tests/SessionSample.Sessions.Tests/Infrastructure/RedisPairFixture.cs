using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Two servers like the product's resources, <c>sessions</c> and <c>cache</c>, on the suite's engine.</summary>
public sealed class RedisPairFixture(IMessageSink diagnostics) : IsolatedRedis(diagnostics)
{
    private RedisServerProcess? _cache;

    public RedisServerProcess Sessions => Redis;

    public RedisServerProcess Cache => _cache ?? throw new InvalidOperationException("The cache server did not start.");

    protected override async Task StartedAsync() => _cache = Own(await RedisServerProcess.StartAsync());
}

public static class TestAppExtensions
{
    /// <summary>The raw session id inside a cookie (only tests need it: the app never shows it).</summary>
    public static string RawSessionId(this TestApp app, string cookie) => RawSessionIds.Of(app.Services, cookie);

    public static string SessionKey(this TestApp app, string cookie) => RawSessionIds.SessionKeyOf(app.Services, app.KeyPrefix, cookie);

    /// <summary>The key of the session lock behind <paramref name="cookie"/>, by the store's schema.</summary>
    public static string LockKey(this TestApp app, string cookie) =>
        new SessionSchema(app.KeyPrefix).LockKey(SessionIds.HandleOf(app.RawSessionId(cookie)))!;

    /// <summary>The key of <paramref name="userName"/>'s index of sessions, by the store's schema.</summary>
    public static string UserIndexKey(this TestApp app, string userName) =>
        new SessionSchema(app.KeyPrefix).UserKey(SessionSchema.UserHandleOf(userName))!;
}
