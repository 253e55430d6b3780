using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests;

public sealed class RequestPipelineTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_failed_request_writes_nothing()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        using var failed = await client.PostAsync("/throws/b");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    [Fact]
    public async Task A_body_written_to_the_stream_still_carries_the_cookie_and_the_write()
    {
        using var client = _app.NewClient();

        using var response = await client.GetAsync("/stream-write/k?value=streamed");

        Assert.Equal("streamed", await response.Content.ReadAsStringAsync());
        Assert.NotNull(client.Cookie);
        Assert.Equal("streamed", (await client.GetJsonAsync<ValueView>("/read/k")).Value);
    }

    [Fact]
    public async Task The_cookie_is_http_only_same_site_lax_and_carries_no_raw_id()
    {
        using var client = _app.NewClient();

        using var response = await client.PostAsync("/write/a?value=1");

        var header = response.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(SessionClient.CookieName, StringComparison.Ordinal));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_app.RawSessionId(client.Cookie!), header, StringComparison.Ordinal);
        Assert.True(_app.RawSessionId(client.Cookie!).Length >= 22, "ids carry at least 128 random bits");
    }

    [Fact]
    public async Task Outside_development_the_default_cookie_is_secure()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options => options.Cookie.SecurePolicy = null);
        using var client = app.NewClient();

        using var response = await client.PostAsync("/write/a?value=1");

        var header = response.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(SessionClient.CookieName, StringComparison.Ordinal));
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
    }
}
