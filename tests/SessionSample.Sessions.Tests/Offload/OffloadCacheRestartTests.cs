using SessionSample.Sessions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Offload;

/// <summary>
/// Offload goes through the same resilient path as the store, so a cache Redis restarting under load answers
/// as the sessions Redis does: while it is down and while it loads its data (LOADING to the client's
/// handshake, when the client cancels what it had queued), every park and fetch is a success or a 503
/// problem+json, never a 500.
/// </summary>
public sealed class OffloadCacheRestartTests(ITestOutputHelper output)
{
    // Each client parks a new value per request (a session write and a cache SET) and fetches the first (a cache GET).
    private static readonly DrillEndpoints s_parkAndFetch = new(
        i => (HttpMethod.Post, $"/park/p{i}?bytes=2000", $"p{i}"),
        "/read",
        view => view.GetProperty("values").EnumerateObject().Select(value => value.Name),
        "/fetch/p0");

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_cache_redis_restarting_through_loading_under_load_answers_parks_and_fetches_only_with_successes_and_503_problems()
    {
        await using var sessions = await RedisServerProcess.StartAsync(new RedisServerOptions { Engine = RedisEngine.RedisServer });
        await using var cache = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            Engine = RedisEngine.RedisServer,
            Persistent = true,
            AppendFsync = "everysec",
            ExtraArguments = ["--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024"],
        });
        await cache.CommandAsync("EVAL", "for i = 1, 20000 do redis.call('SET', 'filler:' .. i, 'x') end", "0");
        await cache.CommandAsync("BGREWRITEAOF");
        while (!(await cache.CommandAsync("INFO", "persistence")).Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal))
        {
            await Task.Delay(50);
        }

        await using var app = await TestApp.StartAsync(
            sessions.ConnectionString,
            cache.ConnectionString,
            settings: new Dictionary<string, string?> { ["Aspire:StackExchange:Redis:DisableTracing"] = "false" });
        await app.WarmUpAsync();

        var report = await SessionWriteDrill.RunAsync([app.Address], s_parkAndFetch, async () =>
        {
            await cache.KillAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await cache.RestartAsync();
        }, clients: 32, interval: TimeSpan.Zero, after: TimeSpan.FromSeconds(3));

        output.WriteLine($"cache redis-server SIGKILL, 3 s down, restart through LOADING under 32 clients parking and fetching: {report.Describe()}");
        Assert.True(report.Requests > 1000, report.Describe());
        Assert.True(report.Unavailable > 0, report.Describe());
        Assert.True(report.Errors == 0, report.Describe());
    }
}
