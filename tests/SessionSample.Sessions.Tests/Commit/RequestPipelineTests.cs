using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Commit;

public sealed class RequestPipelineTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    private async Task<long> TtlAsync(string key) =>
        long.Parse((await servers.Sessions.CommandAsync("PTTL", key)).TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture);

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

        var header = response.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith(SessionClient.SessionCookieName, StringComparison.Ordinal));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_app.RawSessionId(client.Cookie!), header, StringComparison.Ordinal);
        Assert.True(_app.RawSessionId(client.Cookie!).Length >= 22, "ids carry at least 128 random bits");
    }

    [Fact]
    public async Task Every_use_slides_the_expiry_and_the_absolute_lifetime_caps_it()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        var key = _app.SessionKey(client.Cookie!);
        Assert.InRange(await TtlAsync(key), 119 * 60_000, 120 * 60_000);

        // As if the session had been idle for almost two hours: one read puts it back to the full idle timeout.
        await servers.Sessions.CommandAsync("PEXPIRE", key, "5000");
        await client.GetJsonAsync<SessionView>("/read");
        Assert.InRange(await TtlAsync(key), 119 * 60_000, 120 * 60_000);

        await using var capped = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options => options.AbsoluteLifetime = TimeSpan.FromSeconds(2));
        using var shortLived = capped.NewClient();
        await shortLived.PostJsonAsync<ValueView>("/write/a?value=1");
        Assert.InRange(await TtlAsync(capped.SessionKey(shortLived.Cookie!)), 1, 2000);
        await Task.Delay(1000);
        await shortLived.GetJsonAsync<SessionView>("/read");
        // The read slid the expiry, but never past the cap (an uncapped slide would give two hours).
        Assert.True(await TtlAsync(capped.SessionKey(shortLived.Cookie!)) <= 1050);
        await Task.Delay(1200);
        Assert.Empty((await shortLived.GetJsonAsync<SessionView>("/read")).Values);
    }

    [Fact]
    public async Task A_read_writes_no_field_and_the_last_access_follows_from_the_expiry()
    {
        using var client = _app.NewClient();
        var beforeWrite = DateTimeOffset.UtcNow;
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        var afterWrite = DateTimeOffset.UtcNow;
        var key = _app.SessionKey(client.Cookie!);
        var stored = await servers.Sessions.CommandAsync("HGETALL", key);
        await Task.Delay(300);

        var firstRead = DateTimeOffset.UtcNow;
        var first = await client.GetJsonAsync<TimesView>("/times");
        var second = await client.GetJsonAsync<TimesView>("/times");

        // Reads slide the expiry but store nothing.
        Assert.Equal(stored, await servers.Sessions.CommandAsync("HGETALL", key));
        Assert.InRange(first.LastAccessedAt!.Value, beforeWrite.AddMilliseconds(-100), afterWrite.AddMilliseconds(100));
        Assert.InRange(second.LastAccessedAt!.Value, firstRead.AddMilliseconds(-100), DateTimeOffset.UtcNow.AddMilliseconds(100));

        // Once the absolute end sets the expiry, the last access is unknown rather than guessed.
        await using var capped = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options => options.AbsoluteLifetime = TimeSpan.FromMinutes(30));
        using var shortLived = capped.NewClient();
        await shortLived.PostJsonAsync<ValueView>("/write/a?value=1");
        var cappedTimes = await shortLived.GetJsonAsync<TimesView>("/times");
        Assert.Null(cappedTimes.LastAccessedAt);
        Assert.NotNull(cappedTimes.CreatedAt);
    }

    [Fact]
    public async Task After_the_script_cache_is_flushed_reads_and_writes_reload_their_scripts()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        // As after a Redis restart or failover: EVALSHA now answers NOSCRIPT.
        Assert.Equal("+OK", await servers.Sessions.CommandAsync("SCRIPT", "FLUSH"));
        Assert.Equal("1", (await client.GetJsonAsync<ValueView>("/read/a")).Value);
        await client.PostJsonAsync<ValueView>("/write/b?value=2");

        Assert.Equal("+OK", await servers.Sessions.CommandAsync("SCRIPT", "FLUSH"));
        await client.PostJsonAsync<ValueView>("/blind/c?value=3");
        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" },
            (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    [Fact]
    public async Task Outside_development_the_default_cookie_is_secure_and_host_prefixed()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options => options.Cookie.SecurePolicy = null);
        using var client = app.NewClient();

        using var response = await client.PostAsync("/write/a?value=1");

        var header = response.Headers.GetValues("Set-Cookie").Single(h => h.StartsWith("__Host-" + SessionClient.SessionCookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", header, StringComparison.OrdinalIgnoreCase);
    }
}
