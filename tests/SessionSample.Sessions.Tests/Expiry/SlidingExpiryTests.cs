using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Expiry;

/// <summary>Every use slides the idle expiry up to the absolute lifetime, and a read stores nothing to do so.</summary>
public sealed class SlidingExpiryTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    private async Task<long> TtlAsync(string key) =>
        long.Parse((await servers.Sessions.CommandAsync("PTTL", key)).TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

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
}
