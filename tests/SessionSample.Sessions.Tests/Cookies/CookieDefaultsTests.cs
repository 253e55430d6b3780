using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Cookies;

/// <summary>The session cookie by default: HttpOnly, SameSite=Lax, Path=/, and an opaque value that is not the raw id.</summary>
public sealed class CookieDefaultsTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_cookie_is_http_only_same_site_lax_and_carries_no_raw_id()
    {
        using var client = _app.NewClient();

        using var response = await client.PostAsync("/write/a?value=1");

        var header = response.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(SessionClient.SessionCookieName, StringComparison.Ordinal));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_app.RawSessionId(client.Cookie!), header, StringComparison.Ordinal);
        Assert.True(_app.RawSessionId(client.Cookie!).Length >= 22, "ids carry at least 128 random bits");
    }
}
