using System.Diagnostics;
using System.Globalization;
using System.Net;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// The cache Redis gets the treatment the sessions Redis gets: a time budget, an outage answered as 503 (on the
/// API and on the web's report page), and an entry that is not what was parked read as evicted.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReportCacheFailureTests(AppFixture fixture)
{
    private const string ReferenceMarker = "offload:v1:";

    [Fact]
    public async Task With_the_cache_redis_paused_the_report_endpoints_answer_503_problem_json_and_recover()
    {
        using var user = fixture.NewApiUser();
        using (var create = await user.Http.PostAsync("/api/reports", null))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        await using (var pause = await PauseCacheAsync(TimeSpan.FromSeconds(7)))
        {
            using (var latest = await user.Http.GetAsync("/api/reports/latest"))
            {
                var problem = await latest.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
            }

            Assert.True(pause.Elapsed < TimeSpan.FromSeconds(4), $"The answer came after {pause.Elapsed}: longer than the operation budget (2 s) allows.");

            using var again = await user.Http.PostAsync("/api/reports", null);
            await again.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }

        using var recovered = await user.Http.GetAsync("/api/reports/latest");
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task With_the_cache_redis_paused_the_report_page_says_so_with_503_rather_than_an_error_inside_a_200()
    {
        var browser = await fixture.NewBrowserContextAsync();
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync("/Report");
            await page.GetByTestId("create-report").ClickAsync();
            await Expect(page.GetByTestId("report-rows")).ToHaveTextAsync("9000");

            // A post, which the web's HTTP client never retries: one call, within the budget, answered at once.
            await using (await PauseCacheAsync(TimeSpan.FromSeconds(8)))
            {
                var response = await page.RunAndWaitForResponseAsync(
                    () => page.GetByTestId("create-report").ClickAsync(),
                    response => response.Request.Method == "POST" && response.Url.Contains("/Report", StringComparison.OrdinalIgnoreCase));
                Assert.Equal((int)HttpStatusCode.ServiceUnavailable, response.Status);
                await Expect(page.GetByTestId("report-error")).ToContainTextAsync("try again");
            }
        }
        finally
        {
            await browser.CloseAsync();
        }
    }

    [Fact]
    public async Task A_parked_report_that_is_no_longer_a_string_in_the_cache_reads_as_evicted()
    {
        using var user = fixture.NewApiUser();
        using (var create = await user.Http.PostAsync("/api/reports", null))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        // The session holds the reference as plain text, which the session view shows as a string.
        var reference = (await user.SessionValuesAsync()).GetProperty("reports:latest").GetString()!;
        Assert.StartsWith(ReferenceMarker, reference, StringComparison.Ordinal);
        var cacheKey = reference[ReferenceMarker.Length..];
        await using var cache = await fixture.ConnectAsync("cache");
        var db = cache.GetDatabase();
        Assert.True(await db.KeyDeleteAsync(cacheKey));
        await db.HashSetAsync(cacheKey, "not", "a report");

        await ReportsApiTests.AssertEvictedThenCreatedAgainAsync(user);
    }

    /// <summary>Holds every client of the cache Redis for <paramref name="length"/> (CLIENT PAUSE ALL); disposing waits it out.</summary>
    private async Task<CachePause> PauseCacheAsync(TimeSpan length)
    {
        var cache = await fixture.ConnectAsync("cache");
        var clock = Stopwatch.StartNew();
        await cache.GetServers().Single().ExecuteAsync("CLIENT", "PAUSE", ((long)length.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), "ALL");
        return new CachePause(cache, clock, length);
    }

    // The pause holds every client, an UNPAUSE or the QUIT of closing this connection too: it is waited out instead.
    private sealed class CachePause(StackExchange.Redis.ConnectionMultiplexer cache, Stopwatch clock, TimeSpan length) : IAsyncDisposable
    {
        public TimeSpan Elapsed => clock.Elapsed;

        public async ValueTask DisposeAsync()
        {
            var left = length - clock.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }

            await cache.DisposeAsync();
        }
    }
}
