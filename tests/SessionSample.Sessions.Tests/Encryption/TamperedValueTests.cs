using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// A stored value that does not decrypt (altered in Redis, or sealed by a key the ring no longer has) is one
/// unreadable value, never a 500 and never silent: it reads as absent with an error log naming the key (no id),
/// the rest of the session reads, a write replaces it, and an increment of it is refused with nothing written.
/// </summary>
public sealed class TamperedValueTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private const string Unreadable = "could not be decrypted";

    private readonly LogTextCapture _logs = new();
    private TestApp _app = null!;
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, servers.Cache.ConnectionString, configureBuilder: builder =>
        {
            TestHttp.CaptureLogs(_logs)(builder);
            builder.AddRedisSessions().AddValueEncryption();
        });
        await _app.WarmUpAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Sessions.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_altered_value_reads_as_absent_loudly_the_others_still_read_and_a_write_replaces_it()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=alpha");
        await client.PostJsonAsync<ValueView>("/write/b?value=beta");
        await TamperAsync(_redis, _app.SessionKey(client.Cookie!), "a");

        using var response = await client.GetAsync("/read");

        await SessionClient.EnsureSuccessAsync(response);
        var view = System.Text.Json.JsonSerializer.Deserialize<SessionView>(await response.Content.ReadAsStringAsync(), System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.False(view.Values.ContainsKey("a"));
        Assert.Equal("beta", view.Values["b"]);
        var log = Assert.Single(_logs.Logs, l => l.Message.Contains(Unreadable, StringComparison.Ordinal) && l.Message.Contains("[a]", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.RawSessionId(client.Cookie!), log.Message, StringComparison.Ordinal);

        await client.PostJsonAsync<ValueView>("/write/a?value=again");
        Assert.Equal("again", (await client.GetJsonAsync<ValueView>("/read/a")).Value);
    }

    [Fact]
    public async Task An_altered_flash_is_dropped_loudly_and_the_other_flashes_are_shown()
    {
        using var client = _app.NewClient();
        (await client.PostAsync("/flash?message=first")).Dispose();
        (await client.PostAsync("/flash?message=second")).Dispose();
        var key = _app.SessionKey(client.Cookie!);
        var first = (await _redis.GetDatabase().HashKeysAsync(key)).Select(k => (string)k!).Where(SessionSchema.IsFlash).Order(StringComparer.Ordinal).First();
        await TamperAsync(_redis, key, first);

        var flashes = await client.GetJsonAsync<FlashView>("/flashes");

        Assert.Equal(["second"], flashes.Messages);
        Assert.Contains(_logs.Logs, l => l.Message.Contains(Unreadable, StringComparison.Ordinal) && l.Message.Contains(first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_increment_of_an_altered_counter_is_a_problem_answer_and_writes_nothing()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<CounterView>("/incr/n?by=5");
        var key = _app.SessionKey(client.Cookie!);
        var tampered = await TamperAsync(_redis, key, "n");

        using var response = await client.PostAsync("/incr/n");

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.Conflict);
        Assert.Equal(tampered, (byte[])(await _redis.GetDatabase().HashGetAsync(key, "n"))!);
    }

    [Fact]
    public async Task Altered_offloaded_data_reads_as_evicted_so_the_caller_recomputes()
    {
        using var client = _app.NewClient();
        (await client.PostAsync("/enc/park/report?value=quarterly")).Dispose();
        await using var cache = await ConnectionMultiplexer.ConnectAsync(servers.Cache.ConnectionString);
        var parked = Assert.Single(cache.GetServers()[0].Keys(pattern: _app.KeyPrefix + "offload:*"));
        var stored = (byte[])(await cache.GetDatabase().StringGetAsync(parked))!;
        Assert.True(SessionValueCodec.IsSealed(stored));
        stored[^1] ^= 0x01;
        await cache.GetDatabase().StringSetAsync(parked, stored);

        Assert.Equal(new ParkedView("Evicted", null), await client.GetJsonAsync<ParkedView>("/enc/fetch-text/report"));
        Assert.Contains(_logs.Logs, l => l.Message.Contains("Offloaded data under session key report could not be decrypted", StringComparison.Ordinal));
    }

    /// <summary>Flips the last byte (inside the MAC) of a sealed value in Redis, as an attacker with write access could; returns what is stored now.</summary>
    private static async Task<byte[]> TamperAsync(ConnectionMultiplexer redis, string key, string field)
    {
        var stored = (byte[])(await redis.GetDatabase().HashGetAsync(key, field))!;
        Assert.True(SessionValueCodec.IsSealed(stored), $"{field} was not stored encrypted");
        stored[^1] ^= 0x01;
        await redis.GetDatabase().HashSetAsync(key, field, stored);
        return stored;
    }
}
