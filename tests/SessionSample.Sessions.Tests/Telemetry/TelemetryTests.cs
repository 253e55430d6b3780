using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Telemetry;

public sealed class TelemetryTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    private const string SnakeCase = "^[a-z]+(_[a-z]+)*$";

    [Fact]
    public async Task Spans_metrics_and_logs_appear_and_none_contains_a_raw_session_id()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var logCapture = new LogTextCapture();
        await using var app = await TestApp.StartAsync(
            servers.Sessions.ConnectionString,
            servers.Cache.ConnectionString,
            options =>
            {
                options.SoftValueBytes = 100;
                options.HardValueBytes = 1000;
            },
            builder =>
            {
                // The ServiceDefaults registration, which must add the session ActivitySource and Meter.
                builder.ConfigureOpenTelemetry();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                builder.Services.ConfigureOpenTelemetryMeterProvider(metering => metering.AddInMemoryExporter(metrics));
                builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(logCapture));
            });

        var cookies = new List<string>();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        cookies.Add(client.Cookie!);
        await client.GetJsonAsync<SessionView>("/read");
        await client.PostJsonAsync<CounterView>("/incr/n");
        await client.PostAsync("/flash?message=hi");
        await client.GetJsonAsync<FlashView>("/flashes");
        (await client.PostAsync("/big/soft?bytes=200")).Dispose();
        (await client.PostAsync("/big/hard?bytes=2000")).Dispose();

        // A lock that is briefly held elsewhere: the request waits for it.
        var lockKey = app.LockKey(client.Cookie!);
        await servers.Sessions.CommandAsync("SET", lockKey, "other-request", "PX", "1000", "NX");
        (await client.PostAsync("/locked-patient/l")).Dispose();

        // A late write on a session renamed meanwhile: refused (409) and counted.
        using var late = new SessionClient(app.Address) { Cookie = client.Cookie };
        var (loaded, release) = (TestSignals.NewName(), TestSignals.NewName());
        var slow = late.PostAsync($"/slow-write/late?value=x&loaded={loaded}&release={release}");
        await TestSignals.WaitAsync(loaded);
        (await client.PostAsync("/regenerate")).Dispose();
        cookies.Add(client.Cookie!);
        TestSignals.Set(release);
        (await slow).Dispose();
        (await client.PostAsync("/invalidate")).Dispose();

        using var tampered = new SessionClient(app.Address) { Cookie = cookies[0][..40] + "x" };
        (await tampered.GetAsync("/read")).Dispose();

        var secrets = cookies.SelectMany(c => new[] { c, app.RawSessionId(c) }).ToList();
        var firstHash = Hash(app.RawSessionId(cookies[0]));
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();

        // Stopping the app ends the work that follows a response (lock release) and flushes the exporters,
        // so the captured lists no longer change.
        await app.DisposeAsync();

        var sessionSpans = spans.Where(s => s.Source.Name == "SessionSample.Sessions").ToList();
        foreach (var name in new[] { "session.load", "session.commit", "session.regenerate", "session.invalidate", "session.lock", "session.flash" })
        {
            Assert.Contains(sessionSpans, s => s.OperationName == name);
        }

        Assert.All(sessionSpans, s => Assert.Matches("^[0-9a-f]{12}$", (string)s.GetTagItem("session.id_hash")!));
        Assert.Contains(sessionSpans, s => s.OperationName == "session.commit" && s.GetTagItem("session.bytes") is > 0L && (string?)s.GetTagItem("session.outcome") == "written");
        Assert.Contains(sessionSpans, s => s.OperationName == "session.load" && s.GetTagItem("session.fields_read") is > 0);
        Assert.All(sessionSpans, s => Assert.True(
            s.GetTagItem("session.outcome") is string,
            $"{s.OperationName} has no outcome: {string.Join(", ", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))} status {s.Status} {s.StatusDescription}"));

        // Operations and outcomes have one snake_case spelling each, on spans and metrics alike.
        Assert.All(sessionSpans, s => Assert.Matches(SnakeCase, (string)s.GetTagItem("session.operation")!));
        Assert.All(sessionSpans, s => Assert.Matches(SnakeCase, (string)s.GetTagItem("session.outcome")!));
        var metricTags = metrics.Where(m => m.MeterName == "SessionSample.Sessions")
            .SelectMany(m => m.MetricPoints)
            .SelectMany(p => Tags(p.Tags))
            .Where(t => t.Key is "operation" or "outcome")
            .ToList();
        Assert.Contains(metricTags, t => t.Key == "operation");
        Assert.All(metricTags, t => Assert.Matches(SnakeCase, (string)t.Value!));

        var metricNames = metrics.Where(m => m.MeterName == "SessionSample.Sessions").Select(m => m.Name).ToHashSet();
        foreach (var name in new[]
        {
            "sessionsample.session.loads", "sessionsample.session.commits", "sessionsample.session.bytes",
            "sessionsample.session.duration", "sessionsample.session.writes_refused",
            "sessionsample.session.lock.waits", "sessionsample.session.size_limit_hits",
        })
        {
            Assert.Contains(name, metricNames);
        }

        var sizeHits = metrics.Where(m => m.Name == "sessionsample.session.size_limit_hits")
            .SelectMany(m => m.MetricPoints)
            .Select(p => Tags(p.Tags).Single(t => t.Key == "limit").Value as string)
            .ToHashSet();
        Assert.Contains("soft_value", sizeHits);
        Assert.Contains("hard_value", sizeHits);

        var logs = logCapture.Logs;
        var messages = logs.Select(l => l.Message).ToList();
        Assert.Contains(messages, m => m.Contains($"Session {firstHash} read: found", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains($"Session {firstHash} written", StringComparison.Ordinal) && m.Contains("bytes", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("soft limit exceeded", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("was ended or moved by another request", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Session cookie rejected", StringComparison.Ordinal));

        // Everything captured, as text: span names, tags, events and status; metric tags; log messages and attributes.
        var captured = new List<string>();
        foreach (var span in spans)
        {
            captured.Add(span.DisplayName);
            captured.Add(span.StatusDescription ?? string.Empty);
            captured.AddRange(span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            captured.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
        }

        foreach (var metric in metrics)
        {
            captured.AddRange(metric.MetricPoints.SelectMany(p => Tags(p.Tags)).Select(t => $"{metric.Name} {t.Key}={t.Value}"));
        }

        foreach (var log in logs)
        {
            captured.AddRange(log.Texts);
        }

        Assert.All(secrets, secret => Assert.DoesNotContain(captured, text => text.Contains(secret, StringComparison.Ordinal)));
        Assert.True(captured.Count > 100, $"only {captured.Count} captured items");
    }

    private static List<KeyValuePair<string, object?>> Tags(ReadOnlyTagCollection tags)
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (var tag in tags)
        {
            list.Add(tag);
        }

        return list;
    }

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 6));
}
