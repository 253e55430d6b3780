using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Two redis-servers like the product's resources: <c>sessions</c> and <c>cache</c>.</summary>
public sealed class RedisPairFixture : IAsyncLifetime
{
    public RedisServerProcess Sessions { get; private set; } = null!;

    public RedisServerProcess Cache { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await Task.WhenAll(RedisServerProcess.StartRedisAsync(), RedisServerProcess.StartRedisAsync());
        Sessions = servers[0];
        Cache = servers[1];
    }

    public async Task DisposeAsync()
    {
        await Sessions.DisposeAsync();
        await Cache.DisposeAsync();
    }
}

public static class TestAppExtensions
{
    /// <summary>The raw session id inside a cookie (only tests need it: the app never shows it).</summary>
    public static string RawSessionId(this TestApp app, string cookie) =>
        app.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("SessionSample.Sessions.Cookie")
            .Unprotect(cookie);

    public static string SessionKey(this TestApp app, string cookie) => $"{app.KeyPrefix}{{{app.RawSessionId(cookie)}}}";
}
