using RedisSessions.Hosting;
using SessionSample.Sessions;
using SessionSample.Sessions.Users;
using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// The users' dashboard commands while the sessions Redis is down: the operator gets a failed command that says
/// the store did not answer, never an exception thrown into the dashboard.
/// </summary>
public sealed class SessionUserCommandOutageTests
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Both_commands_report_a_failure_that_names_the_store_when_redis_is_down()
    {
        TestRedis.RequireRedisServer("the sessions Redis the commands read");
        await using var redis = await RedisServerProcess.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var users = SessionUsers.Create(connection, new RedisSessionOptions { OperationBudget = TimeSpan.FromSeconds(1) });

        // Reached while Redis answers: the command runs on the library and succeeds.
        var before = await SessionUserCommands.ReportAsync("sessions", () => SessionUserCommands.StatisticsAsync(users, CancellationToken.None));
        Assert.True(before.Success, before.Message);

        // Once the client knows the server is gone, a scan that skipped unconnected servers counted 0 sessions: a
        // wrong answer, where the store's one way to Redis makes it a failure.
        await redis.KillAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (connection.GetServers().Any(server => server.IsConnected) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.DoesNotContain(connection.GetServers(), server => server.IsConnected);
        var statistics = await SessionUserCommands.ReportAsync("sessions", () => SessionUserCommands.StatisticsAsync(users, CancellationToken.None));
        var end = await SessionUserCommands.ReportAsync("sessions", () => SessionUserCommands.EndUserAsync(users, "alice", CancellationToken.None));

        foreach (var result in new[] { statistics, end })
        {
            Assert.False(result.Success);
            Assert.StartsWith("sessions: ", result.Message, StringComparison.Ordinal);
            Assert.Contains("did not answer", result.Message, StringComparison.Ordinal);
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_canceled_command_reports_a_failure()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        var result = await SessionUserCommands.ReportAsync("sessions", () => Task.FromCanceled<RedisCommandReport>(canceled.Token));

        Assert.False(result.Success);
        Assert.Equal("sessions: the command was canceled.", result.Message);
    }
}
