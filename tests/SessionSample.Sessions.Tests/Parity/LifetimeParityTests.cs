using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>The idle timeout: it slides while the user is active, and an idle session expires.</summary>
[Trait("Category", "Parity")]
public sealed class LifetimeParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    // ASP.NET Core's RefreshesSession_WhenSessionData_IsNotModified, on the real clock: the built-in slides
    // the expiry at the end of every request that carries the cookie, whether or not it touched the session.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task An_active_user_whose_requests_never_touch_the_session_keeps_it(SessionImplementation implementation)
    {
        // Six requests a second apart outlast a 4 s idle timeout, and each leaves 3 s of margin for a busy machine.
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, Handler, options => options.IdleTimeout = TimeSpan.FromSeconds(4));
        using var client = host.NewClient();
        await host.GetStringAsync(client, "/add");

        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal("did not access session data", await host.GetStringAsync(client, "/untouched"));
        }

        Assert.Equal("10", await host.GetStringAsync(client, "/read"));
    }

    // ASP.NET Core's ExpiredSession_LogsInfo: the session expires, the next request starts afresh, and the
    // access to the expired session is logged (the built-in at Information, ours at Debug).
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task An_idle_session_expires_and_the_next_request_logs_it_and_starts_empty(SessionImplementation implementation)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, Handler, options =>
        {
            options.IdleTimeout = TimeSpan.FromSeconds(1);
            options.Logs = logs;
        });
        using var client = host.NewClient();
        await host.GetStringAsync(client, "/add");
        var cookie = client.Cookie!;

        // Redis itself expires the key: wait for that, not for a guessed time.
        var waited = Stopwatch.StartNew();
        while (await host.SessionExistsAsync(cookie))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the session key did not expire");
            await Task.Delay(100);
        }

        var before = logs.SessionEntries(implementation).Count;
        Assert.Equal("No value found in session.", await host.GetStringAsync(client, "/read"));

        var expected = implementation == SessionImplementation.BuiltIn ? LogLevel.Information : LogLevel.Debug;
        Assert.Contains(logs.SessionEntries(implementation).Skip(before), e =>
            e.Level == expected && e.Message.Contains("expired", StringComparison.OrdinalIgnoreCase));
    }

    private static Task Handler(HttpContext context)
    {
        var response = context.Request.Path.Value switch
        {
            "/add" => Add(context),
            "/read" => context.Session.GetInt32("Key")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "No value found in session.",
            _ => "did not access session data",
        };
        return context.Response.WriteAsync(response);
    }

    private static string Add(HttpContext context)
    {
        context.Session.SetInt32("Key", 10);
        return "added data to session";
    }
}
