using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using SessionSample.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Outage;

/// <summary>Redis dies mid-test and comes back: its own persistent server, since it gets killed.</summary>
public sealed class OutagePolicyTests : IsolatedRedis
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    // Generous for a loaded two-core CI machine; the point is "about the budget", not "a minute".
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    // How long each app may take to serve sessions again after the restart: its multiplexer reconnects
    // on its own back-off (at most 10 s between attempts), then the circuit needs one break duration.
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    protected override RedisServerOptions Options => new() { Persistent = true };

    [Fact]
    public async Task Fail_closed_answers_503_within_the_budget_fail_open_serves_an_unsaved_session_and_sessions_survive_a_restart()
    {
        var logCapture = new LogTextCapture();
        void CaptureLogs(WebApplicationBuilder builder) => builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.AddProcessor(logCapture);
        });
        await using var closedApp = await TestApp.StartAsync(Redis.ConnectionString, configureBuilder: CaptureLogs, configure: options =>
        {
            options.OperationBudget = Budget;
            options.CircuitBreakDuration = TimeSpan.FromSeconds(1);
        });
        await using var openApp = await TestApp.StartAsync(Redis.ConnectionString, keyPrefix: closedApp.KeyPrefix, configureBuilder: CaptureLogs, configure: options =>
        {
            options.OperationBudget = Budget;
            options.CircuitBreakDuration = TimeSpan.FromSeconds(1);
            options.OutagePolicy = SessionOutagePolicy.FailOpen;
        });
        await closedApp.WarmUpAsync();
        await openApp.WarmUpAsync();
        using var closed = closedApp.NewClient();
        await closed.PostJsonAsync<ValueView>("/write/kept?value=closed");
        using var open = openApp.NewClient();
        await open.PostJsonAsync<ValueView>("/write/kept?value=open");

        await Redis.KillAsync();

        // The first failure in this process compiles the whole error path (Polly's timeout and retry,
        // the exception handler, problem+json); on a loaded CI machine that alone can take seconds. The
        // budget bounds the wait on Redis, not the JIT, so the timed requests come after this one.
        using (var first = await closed.GetAsync("/read"))
        {
            await TestHttp.AssertProblemAsync(first, HttpStatusCode.ServiceUnavailable, "Session store unavailable");
        }

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var read = Stopwatch.StartNew();
            using var unavailable = await closed.GetAsync("/read");
            read.Stop();
            await TestHttp.AssertProblemAsync(unavailable, HttpStatusCode.ServiceUnavailable, "Session store unavailable");
            Assert.Contains("session store", await unavailable.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.True(read.Elapsed < Budget + Slack, $"timed 503 #{attempt} took {read.Elapsed} (budget {Budget.TotalSeconds} s + slack {Slack.TotalSeconds} s)");
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
        // Fail-open degrades the synchronous accessors only (as the built-in session's); LoadAsync still throws.
        using (var loading = await open.GetAsync("/read"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        }

        var empty = await open.GetJsonAsync<SessionView>("/peek");
        degraded.Stop();
        Assert.Empty(empty.Values);
        Assert.False(empty.Available);
        Assert.True(degraded.Elapsed < Budget + Slack, $"fail-open took {degraded.Elapsed}");
        var openCookie = open.Cookie;
        using (var unsaved = await open.PostAsync("/blind/lost?value=x"))
        {
            Assert.Equal(HttpStatusCode.OK, unsaved.StatusCode);
            Assert.Null(SessionClient.SetCookieValue(unsaved));
        }

        await Redis.RestartAsync();

        var view = await RecoveredAsync("the fail-closed app", async () =>
        {
            using var response = await closed.GetAsync("/read");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                return null;
            }

            return System.Text.Json.JsonSerializer.Deserialize<SessionView>(await response.Content.ReadAsStringAsync(), System.Text.Json.JsonSerializerOptions.Web);
        });
        Assert.Equal(new Dictionary<string, string> { ["kept"] = "closed" }, view.Values);

        // Each app has its own multiplexer, reconnecting on its own schedule: the fail-closed app answering
        // says nothing about the fail-open one. Until it is back it must keep serving the unsaved stand-in
        // and leave the cookie alone, so the stored session is found once Redis answers it.
        var openView = await RecoveredAsync("the fail-open app", async () =>
        {
            var current = await open.GetJsonAsync<SessionView>("/peek");
            if (!current.Available)
            {
                Assert.Empty(current.Values);
                Assert.Equal(openCookie, open.Cookie);
                return null;
            }

            return current;
        });
        Assert.Equal(openCookie, open.Cookie);
        Assert.Equal(new Dictionary<string, string> { ["kept"] = "open" }, openView.Values);

        // The outage was logged with its cause, and neither the logs nor the 503 bodies name a session id.
        var secrets = new[] { closed.Cookie!, closedApp.RawSessionId(closed.Cookie!), open.Cookie!, openApp.RawSessionId(open.Cookie!) };
        await closedApp.DisposeAsync();
        await openApp.DisposeAsync();
        var text = logCapture.Logs.SelectMany(l => l.Texts).ToList();
        Assert.Contains(text, t => t.Contains("Session store unavailable during load; outage policy FailClosed", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("outage policy FailOpen", StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(text, t => t.Contains(secret, StringComparison.Ordinal)));
    }

    /// <summary>Polls <paramref name="probe"/> (null = not yet) until it answers, failing after <see cref="RecoveryLimit"/>.</summary>
    private static async Task<T> RecoveredAsync<T>(string what, Func<Task<T?>> probe)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            Assert.True(waited.Elapsed < RecoveryLimit, $"{what} did not serve the stored session within {RecoveryLimit.TotalSeconds} s of the Redis restart");
            await Task.Delay(200);
        }
    }
}
