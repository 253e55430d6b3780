using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Expiry;

/// <summary>
/// The slide of untouched requests (<see cref="SessionActivity"/>) promises at most one command per session,
/// process and interval. Driven through the app's own singletons on a real redis-server; commands are read
/// from Redis's own statistics. Its own Redis: the statistics are server-wide.
/// </summary>
public sealed partial class UntouchedSlideTests : IsolatedRedis
{
    // More sessions than one process remembers (SessionActivity's cache holds 16 Ki ids), well within what one busy app serves per interval.
    private const int Sessions = 20_000;
    private const int Batch = 500;

    private TestApp _app = null!;

    protected override RedisServerOptions Options => new() { Engine = RedisEngine.RedisServer };

    protected override async Task StartedAsync()
    {
        _app = Own(await TestApp.StartAsync(Redis.ConnectionString));
        await _app.WarmUpAsync();
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Untouched_requests_slide_each_session_at_most_once_per_interval_however_many_sessions_are_active()
    {
        // Right: the bound holds for any number of sessions: a second untouched request within the interval sends nothing.
        var store = _app.Services.GetRequiredService<SessionStore>();
        var activity = _app.Services.GetRequiredService<SessionActivity>();
        var ids = Enumerable.Range(0, Sessions).Select(_ => SessionIds.HandleOf(SessionIds.NewId())).ToList();

        await SlideAllAsync(store, activity, ids);
        var before = await ScriptCallsAsync();
        await SlideAllAsync(store, activity, ids);
        var resent = await ScriptCallsAsync() - before - (Sessions / Batch);

        Assert.True(resent == 0, $"{resent} of {Sessions} sessions were slid again within one interval ({activity.Interval})");
    }

    /// <summary>
    /// Untouched requests for <paramref name="ids"/>, a batch at a time (as requests arrive, not all at once).
    /// After each batch a marker session that was never slid is slid last; the slides share one connection and
    /// Redis runs its commands in order, so once the marker's expiry is set every slide before it has run.
    /// </summary>
    private async Task SlideAllAsync(SessionStore store, SessionActivity activity, List<SessionHandle> ids)
    {
        foreach (var batch in ids.Chunk(Batch))
        {
            foreach (var id in batch)
            {
                activity.Untouched(store, id);
            }

            var marker = SessionIds.HandleOf(SessionIds.NewId());
            var markerKey = store.Schema.SessionKey(marker).ToString();
            await Redis.CommandAsync("HSET", markerKey, SessionSchema.CreatedField, "0", SessionSchema.BytesField, "0");
            activity.Untouched(store, marker);
            var waited = Stopwatch.StartNew();
            while (await Redis.CommandAsync("PTTL", markerKey) == ":-1")
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the marker slide never ran");
                await Task.Delay(20);
            }
        }
    }

    private async Task<long> ScriptCallsAsync()
    {
        var stats = await Redis.CommandAsync("INFO", "commandstats");
        var match = EvalShaCalls().Match(stats);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"cmdstat_evalsha:calls=(\d+)")]
    private static partial Regex EvalShaCalls();
}
