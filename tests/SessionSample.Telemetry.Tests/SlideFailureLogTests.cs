extern alias ApiService;

using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using SessionSample.Sessions;

namespace SessionSample.Telemetry.Tests;

/// <summary>
/// ASP.NET Core's SessionLogsCacheRefreshException against the real ApiService (its Program, appsettings and
/// ServiceDefaults): a request that carries the session cookie but never reads the session answers as usual
/// while the sessions Redis is down, and the outage is logged at Warning or above. Right after a write the store
/// has no slide to send (the write slid the expiry: commands per request stay 0 untouched), so what it logs is
/// the lost connection, as soon as the client notices. Its own Redis: it gets killed.
/// </summary>
public sealed class SlideFailureLogTests
{
    [Fact]
    public async Task A_request_that_does_not_read_the_session_succeeds_while_redis_is_down_and_the_outage_is_logged()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var app = new InProcessApp<ApiService::Program>(Environments.Production, redis, new Dictionary<string, string?>
        {
            ["Sessions:Cookie:SecurePolicy"] = "SameAsRequest",
        }).Start();
        using var outsideTheApp = SuppressInstrumentationScope.Begin();
        using var client = new SessionClient(app.Address);
        using (var put = await client.PutRawAsync("/api/session/values/cart", "\"3 apples\""))
        {
            await SessionClient.EnsureSuccessAsync(put);
        }

        Assert.NotNull(client.Cookie);

        await redis.KillAsync();
        using (var status = await client.GetAsync("/api/status"))
        {
            await SessionClient.EnsureSuccessAsync(status);
        }

        // The client notices a killed server within its heartbeat (about a second); a loaded machine gets 10 s.
        var limit = TimeSpan.FromSeconds(10);
        var waited = Stopwatch.StartNew();
        while (!OutageWarnings(app.Logs).Any() && waited.Elapsed < limit)
        {
            await Task.Delay(100);
        }

        var logged = Assert.Single(OutageWarnings(app.Logs));
        Assert.Equal(LogLevel.Warning, logged.Level);
    }

    private static IEnumerable<CapturedLog> OutageWarnings(LogCapture capture) =>
        capture.Logs.Where(log => log.Category.StartsWith(Spans.SessionSource + ".", StringComparison.Ordinal)
            && log.Level >= LogLevel.Warning
            && (log.Message.Contains("lost its connection to Redis", StringComparison.Ordinal) || log.Message.Contains("sliding the expiry", StringComparison.Ordinal)));
}
