using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Load;

/// <summary>After Redis forgets its scripts (a restart or a failover: NOSCRIPT), reads and writes load them again.</summary>
public sealed class ScriptCacheFlushTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

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
}
