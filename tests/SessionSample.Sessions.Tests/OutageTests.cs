using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using SessionSample.ServiceDefaults.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests;

/// <summary>Redis dies mid-test and comes back: its own persistent server, since it gets killed.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    // Generous for a loaded two-core CI machine; the point is "about the budget", not "a minute".
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartRedisAsync(persistent: true);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task Fail_closed_answers_503_within_the_budget_fail_open_serves_an_unsaved_session_and_sessions_survive_a_restart()
    {
        var logs = new List<LogRecord>();
        void CaptureLogs(WebApplicationBuilder builder) => builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.AddInMemoryExporter(logs);
        });
        await using var closedApp = await TestApp.StartAsync(_redis.ConnectionString, configureBuilder: CaptureLogs, configure: options =>
        {
            options.OperationBudget = Budget;
            options.CircuitBreakDuration = TimeSpan.FromSeconds(1);
        });
        await using var openApp = await TestApp.StartAsync(_redis.ConnectionString, keyPrefix: closedApp.KeyPrefix, configureBuilder: CaptureLogs, configure: options =>
        {
            options.OperationBudget = Budget;
            options.CircuitBreakDuration = TimeSpan.FromSeconds(1);
            options.OutagePolicy = SessionOutagePolicy.FailOpen;
        });
        using var closed = closedApp.NewClient();
        await closed.PostJsonAsync<ValueView>("/write/kept?value=closed");
        using var open = openApp.NewClient();
        await open.PostJsonAsync<ValueView>("/write/kept?value=open");

        await _redis.KillAsync();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var read = Stopwatch.StartNew();
            using var unavailable = await closed.GetAsync("/read");
            read.Stop();
            await SizeLimitAndOffloadTests.AssertProblemAsync(unavailable, HttpStatusCode.ServiceUnavailable, "Session store unavailable");
            Assert.Contains("session store", await unavailable.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.True(read.Elapsed < Budget + Slack, $"503 took {read.Elapsed}");
        }

        using (var write = await closed.PostAsync("/write/during?value=outage"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        }

        // A request that never touches the session does not need Redis at all.
        using (var untouched = await closed.GetAsync("/untouched"))
        {
            Assert.Equal(HttpStatusCode.OK, untouched.StatusCode);
        }

        var degraded = Stopwatch.StartNew();
        var empty = await open.GetJsonAsync<SessionView>("/read");
        degraded.Stop();
        Assert.Empty(empty.Values);
        Assert.False(empty.Available);
        Assert.True(degraded.Elapsed < Budget + Slack, $"fail-open took {degraded.Elapsed}");
        var openCookie = open.Cookie;
        using (var unsaved = await open.PostAsync("/write/lost?value=x"))
        {
            Assert.Equal(HttpStatusCode.OK, unsaved.StatusCode);
            Assert.Null(SessionClient.SetCookieValue(unsaved));
        }

        await _redis.RestartAsync();

        var recovered = Stopwatch.StartNew();
        SessionView? view = null;
        while (view is null)
        {
            using var response = await closed.GetAsync("/read");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                view = System.Text.Json.JsonSerializer.Deserialize<SessionView>(await response.Content.ReadAsStringAsync(), System.Text.Json.JsonSerializerOptions.Web);
            }
            else
            {
                Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(30), "the store did not recover");
                await Task.Delay(200);
            }
        }

        Assert.Equal(new Dictionary<string, string> { ["kept"] = "closed" }, view!.Values);
        Assert.Equal(openCookie, open.Cookie);
        var openView = await open.GetJsonAsync<SessionView>("/read");
        Assert.True(openView.Available);
        Assert.Equal(new Dictionary<string, string> { ["kept"] = "open" }, openView.Values);

        // The outage was logged with its cause, and neither the logs nor the 503 bodies name a session id.
        var secrets = new[] { closed.Cookie!, closedApp.RawSessionId(closed.Cookie!), open.Cookie!, openApp.RawSessionId(open.Cookie!) };
        await closedApp.DisposeAsync();
        await openApp.DisposeAsync();
        var text = logs.Select(l => $"{l.FormattedMessage} {l.Exception}").ToList();
        Assert.Contains(text, t => t.Contains("Session store unavailable during load; outage policy FailClosed", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("outage policy FailOpen", StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(text, t => t.Contains(secret, StringComparison.Ordinal)));
    }
}
