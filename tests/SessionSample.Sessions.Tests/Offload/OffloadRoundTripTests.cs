using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Offload;

/// <summary>A value far over the session's hard limit is parked in the cache, read back whole, and reported evicted once the cache loses it.</summary>
public sealed class OffloadRoundTripTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        servers.Sessions.ConnectionString,
        servers.Cache.ConnectionString,
        options =>
        {
            // The limits of the size tests: a parked value is far over every one of them.
            options.SoftValueBytes = 500;
            options.HardValueBytes = 1000;
            options.SoftSessionBytes = 2000;
            options.HardSessionBytes = 3000;
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Offloaded_data_round_trips_through_the_cache_and_eviction_is_reported()
    {
        using var client = await SessionWithAsync();

        // 200 KB: far over the session's hard limit, which is the point of parking it in the cache.
        using (var parked = await client.PostAsync("/park/report?bytes=200000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, parked.StatusCode);
        }

        Assert.Equal(new OffloadView("Found", 200_000, true), await client.GetJsonAsync<OffloadView>("/fetch/report"));
        Assert.Equal(new OffloadView("NeverParked", 0, true), await client.GetJsonAsync<OffloadView>("/fetch/other"));
        var reference = (await client.GetJsonAsync<SessionView>("/read")).Values["report"];
        Assert.InRange(reference.Length, 1, 100);
        Assert.Equal(":0", await servers.Sessions.CommandAsync("EXISTS", reference["offload:v1:".Length..]));

        Assert.Equal("+OK", await servers.Cache.CommandAsync("FLUSHALL"));

        Assert.Equal(new OffloadView("Evicted", 0, true), await client.GetJsonAsync<OffloadView>("/fetch/report"));
        Assert.Equal("1", (await client.GetJsonAsync<SessionView>("/read")).Values["a"]);
    }

    private async Task<SessionClient> SessionWithAsync()
    {
        var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        return client;
    }
}
