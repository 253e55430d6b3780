extern alias ApiService;

using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace SessionSample.Telemetry.Tests;

/// <summary>
/// The dashboard's Traces list shows what people look for, the requests: app startup (the session scripts'
/// SCRIPT LOAD, the Data Protection key ring) and health checks add no trace of their own, while the store's
/// spans keep their Redis commands nested under each request.
/// </summary>
public sealed class RootSpanTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const string PutRoute = "PUT /api/session/values/{key?}";
    private const string GetRoute = "GET /api/session/";

    [Fact]
    public async Task After_startup_a_health_check_and_session_requests_only_the_requests_start_traces()
    {
        await using var app = new InProcessApp<ApiService::Program>(Environments.Development, redis.Server).Start();

        await HealthCheckThenSessionRequestsAsync(app);
        var spans = await app.WaitForSpansAsync(BothRequestsHaveTheirRedisCommands, "Redis spans under session.commit and session.load");

        Assert.Equal([GetRoute, PutRoute], spans.Where(span => span.StartsATrace()).Select(span => span.DisplayName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(spans, span => span.IsRedis() && span.ParentSpanId == default);
        var commit = spans.SessionSpanUnder(PutRoute, "session.commit")!;
        var load = spans.SessionSpanUnder(GetRoute, "session.load")!;
        // One script call each. StackExchange.Redis names the span by the call (EVAL) and sends EVALSHA once the
        // server knows the script; the wire itself is asserted in Sessions.Tests' Load/CommandsPerRequestTests.
        Assert.Equal(["EVAL"], spans.RedisChildrenOf(commit).Select(span => span.DisplayName));
        Assert.Equal(["EVAL"], spans.RedisChildrenOf(load).Select(span => span.DisplayName));
        Assert.Equal("redis", spans.RedisChildrenOf(load).Single().GetTagItem("db.system"));
    }

    [Fact]
    public async Task Redis_TraceCommandsWithoutParent_brings_the_background_commands_back_as_traces_of_their_own()
    {
        // The control for the test above: the same run with the filter turned off shows what it removes.
        await using var app = new InProcessApp<ApiService::Program>(
            Environments.Development, redis.Server, new Dictionary<string, string?> { ["Redis:TraceCommandsWithoutParent"] = "true" }).Start();

        await HealthCheckThenSessionRequestsAsync(app);
        var spans = await app.WaitForSpansAsync(BothRequestsHaveTheirRedisCommands, "Redis spans under session.commit and session.load");

        var background = spans.Where(span => span.IsRedis() && span.ParentSpanId == default).Select(span => span.DisplayName).ToList();
        Assert.True(background.Count(name => name == "SCRIPT") >= 9, $"the script preload's SCRIPT LOADs are missing: {string.Join(", ", background)}");
        Assert.Contains(spans, span => span.StartsATrace() && span.DisplayName == "SCRIPT");
    }

    private static async Task HealthCheckThenSessionRequestsAsync(InProcessApp<ApiService::Program> app)
    {
        // The test's own HTTP client runs in the app's process, where the app's tracer would record it too.
        using var outsideTheApp = SuppressInstrumentationScope.Begin();
        using var client = new SessionClient(app.Address);
        using (var health = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using (var put = await client.PutRawAsync("/api/session/values/k", "1"))
        {
            await SessionClient.EnsureSuccessAsync(put);
        }

        using var get = await client.GetAsync("/api/session/");
        await SessionClient.EnsureSuccessAsync(get);
    }

    private static bool BothRequestsHaveTheirRedisCommands(IReadOnlyList<Activity> spans) =>
        spans.SessionSpanUnder(PutRoute, "session.commit") is { } commit && spans.RedisChildrenOf(commit).Any()
        && spans.SessionSpanUnder(GetRoute, "session.load") is { } load && spans.RedisChildrenOf(load).Any();
}
