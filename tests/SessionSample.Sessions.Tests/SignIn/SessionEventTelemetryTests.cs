using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// The store's meter is process-wide, so the exact counts below hold only while no other test creates sessions:
/// this collection runs on its own.
/// </summary>
[CollectionDefinition(nameof(SessionEventTelemetryTests), DisableParallelization = true)]
public sealed class SessionEventTelemetryCollection;

/// <summary>Each lifecycle event is a log line naming the session by its hash only, and a count in <c>sessionsample.session.events{event,reason}</c>.</summary>
[Collection(nameof(SessionEventTelemetryTests))]
public sealed class SessionEventTelemetryTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task Events_are_logged_by_hash_and_counted_by_event_and_reason()
    {
        var metrics = new List<MetricSnapshot>();
        var logCapture = new LogTextCapture();
        await using var app = await TestApp.StartAsync(
            servers.Sessions.ConnectionString,
            configureBuilder: builder =>
            {
                UsersFixture.ConfigureBuilder(builder);
                builder.ConfigureOpenTelemetry();
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Services.ConfigureOpenTelemetryMeterProvider(metering => metering.AddInMemoryExporter(metrics));
                builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(logCapture));
            },
            configureApp: UsersFixture.ConfigureApp);
        var user = SignIns.NewUser("tel");
        using var client = await SignIns.SignInAsync(app, user);
        using var other = await SignIns.SignInAsync(app, user);
        var cookies = new[] { client.Cookie!, other.Cookie! };
        var handles = new[] { await SignIns.HandleAsync(client), await SignIns.HandleAsync(other) };
        (await client.SendAsync(HttpMethod.Delete, $"/users/sessions/{handles[1]}")).Dispose();
        (await client.PostAsync("/users/sign-out")).Dispose();
        var secrets = cookies.SelectMany(cookie => new[] { cookie, app.RawSessionId(cookie) }).ToList();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        await app.DisposeAsync();

        var counted = metrics.Where(m => m.Name == "sessionsample.session.events")
            .SelectMany(m => m.MetricPoints)
            .Select(point =>
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }

                return ((string)tags["event"]!, (string)tags["reason"]!, point.GetSumLong());
            })
            .ToHashSet();
        Assert.Contains(("created", "none", 2L), counted);
        Assert.Contains(("signed_in", "none", 2L), counted);
        Assert.Contains(("ended", "revoked", 1L), counted);
        Assert.Contains(("ended", "signed_out", 1L), counted);

        var hash = SessionIds.FromHandle(handles[1])!.Value.LogHash;
        Assert.Contains(logCapture.Logs, log => log.Message.Contains($"Session event ended: session {hash}", StringComparison.Ordinal) && log.Message.Contains("reason revoked", StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(logCapture.Logs.SelectMany(log => log.Texts), text => text.Contains(secret, StringComparison.Ordinal)));

        // A handle opens nothing, but the store's own lines name sessions by hash alone (the request path of a
        // DELETE names its handle, as the client sent it: that line is ASP.NET Core's, not the store's).
        var eventLines = logCapture.Logs.Where(log => log.Message.StartsWith("Session event", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, eventLines.Count);
        Assert.All(handles, handle => Assert.DoesNotContain(eventLines.SelectMany(log => log.Texts), text => text.Contains(handle, StringComparison.Ordinal)));
    }
}
