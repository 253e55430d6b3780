using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>ASP.NET Core's SessionStart_LogsInformation: what storing a new session logs, compared on what matters.</summary>
[Trait("Category", "Parity")]
public sealed class LoggingParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Storing_a_new_session_is_logged_at_debug_without_warnings(SessionImplementation implementation)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, context =>
        {
            context.Session.SetString("Key", "Value");
            return Task.CompletedTask;
        }, options => options.Logs = logs);
        using var client = host.NewClient();
        var before = logs.SessionEntries(implementation).Count;

        await host.GetStringAsync(client, "/");

        var entries = logs.SessionEntries(implementation).Skip(before).ToList();
        Assert.Contains(entries, e => e.Level == LogLevel.Debug);
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Warning);
        var cookie = client.Cookie!;
        if (implementation == SessionImplementation.BuiltIn)
        {
            // The built-in also says "Session started" at Information, naming the session key: the very value
            // its cookie protects. Ours logs no such line (per-session volume) and never names the id.
            var key = host.SessionKey(cookie)[host.KeyPrefix.Length..];
            Assert.Contains(entries, e => e.Level == LogLevel.Information && e.Message.Contains(key, StringComparison.Ordinal));
        }
        else
        {
            var secrets = new[] { cookie, host.RawSessionId(cookie) };
            Assert.All(secrets, secret => Assert.DoesNotContain(logs.AllTexts, text => text.Contains(secret, StringComparison.Ordinal)));
        }
    }
}
