using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>ASP.NET Core's SessionLoadAsyncCanceledException: a canceled token is honoured, and it is not an outage.</summary>
[Trait("Category", "Parity")]
public sealed class CancellationParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    [Theory]
    [InlineData(SessionImplementation.BuiltIn, false)]
    [InlineData(SessionImplementation.BuiltIn, true)]
    [InlineData(SessionImplementation.Redis, false)]
    [InlineData(SessionImplementation.Redis, true)]
    public async Task LoadAsync_with_a_canceled_token_throws_OperationCanceledException_and_logs_no_failure(SessionImplementation implementation, bool existingSession)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, async context =>
        {
            if (context.Request.Path == "/seed")
            {
                context.Session.SetString("seed", "1");
                return;
            }

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => context.Session.LoadAsync(new CancellationToken(canceled: true)));
        }, options => options.Logs = logs);
        using var client = host.NewClient();
        if (existingSession)
        {
            await host.GetStringAsync(client, "/seed");
            Assert.NotNull(client.Cookie);
        }

        await host.GetStringAsync(client, "/load");

        Assert.DoesNotContain(logs.SessionEntries(implementation), e => e.Level >= LogLevel.Warning);
    }
}
