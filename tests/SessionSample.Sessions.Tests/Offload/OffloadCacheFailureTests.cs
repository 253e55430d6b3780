using System.Diagnostics;
using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Offload;

/// <summary>
/// The cache Redis is called as the sessions Redis is: a stalled cache is a 503 within the operation budget, not a
/// 500 once the client's own timeout fires, and a key that no longer holds a string reads as evicted.
/// </summary>
public sealed class OffloadCacheFailureTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, servers.Cache.ConnectionString, configure: options =>
            options.OperationBudget = TimeSpan.FromMilliseconds(500));
        await _app.WarmUpAsync();

        // The cache too: its first call opens the cache connection, which on a loaded machine (Garnet, the whole
        // suite) can outlast the 0.5 s budget and answer the tests' first park with a 503.
        using var client = _app.NewClient();
        var waited = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var parked = await client.PostAsync("/park/warm?bytes=10");
            status = parked.StatusCode;
        }
        while (status == HttpStatusCode.ServiceUnavailable && waited.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.NoContent, status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_stalled_cache_makes_fetch_and_park_a_503_within_the_budget_and_both_work_once_it_answers()
    {
        using var client = _app.NewClient();
        using (var parked = await client.PostAsync("/park/report?bytes=1000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, parked.StatusCode);
        }

        servers.Cache.Pause();
        try
        {
            var clock = Stopwatch.StartNew();
            using (var fetch = await client.GetAsync("/fetch/report"))
            {
                await TestHttp.SingleProblemAsync(fetch, HttpStatusCode.ServiceUnavailable);
            }

            // The client's own async timeout is 5 s; the budget is 0.5 s, with room left for a loaded machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The 503 came after {clock.Elapsed}.");
            using var park = await client.PostAsync("/park/report?bytes=2000");
            await TestHttp.SingleProblemAsync(park, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            servers.Cache.Resume();
        }

        var fetched = await TestHttp.FetchReportOnceRecoveredAsync(client);
        Assert.Equal("Found", fetched.Status);
        Assert.True(fetched.Intact);
    }

    [Fact]
    public async Task A_parked_copy_replaced_by_a_value_of_another_type_reads_as_evicted()
    {
        using var client = _app.NewClient();
        using (var parked = await client.PostAsync("/park/report?bytes=1000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, parked.StatusCode);
        }

        await using var cache = await ConnectionMultiplexer.ConnectAsync(servers.Cache.ConnectionString);
        var db = cache.GetDatabase();
        var copies = cache.GetServers().Single().Keys(pattern: "*offload:*").ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            await db.KeyDeleteAsync(copy);
            await db.HashSetAsync(copy, "not", "the data");
        }

        Assert.Equal(new OffloadView("Evicted", 0, true), await client.GetJsonAsync<OffloadView>("/fetch/report"));
    }
}
