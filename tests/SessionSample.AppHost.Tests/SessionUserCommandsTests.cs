using RedisSessions.Hosting;
using SessionSample.Sessions;
using SessionSample.Sessions.Users;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>The users' commands as the dashboard sees them (names, argument, confirmation), and how "Sessions" words its figures.</summary>
public sealed class SessionUserCommandsTests
{
    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("redis-server")]
    [InlineData("garnet")]
    [InlineData("redis-server", "cluster")]
    public async Task The_sessions_resource_alone_has_both_commands_with_the_user_name_argument_and_a_confirmation(string engine, string? topology = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("sessionsample-commands-").FullName;
        try
        {
            string[] settings = topology is null ? [] : [AppHostFixture.ClusterTopology];
            AppHostFixture.RequireTools(engine, settings);
            using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
                [$"--RedisEngine={engine}", $"--Redis:DataDirectory={dataDirectory}", .. settings], timeout.Token);

            var commands = Commands(builder, "sessions");
            var statistics = commands[SessionUserCommands.StatisticsCommand];
            Assert.Equal("Sessions", statistics.DisplayName);
            Assert.Empty(statistics.Arguments ?? []);
            Assert.Null(statistics.ConfirmationMessage);

            var end = commands[SessionUserCommands.EndUserCommand];
            Assert.Equal("End a user's sessions", end.DisplayName);
            var argument = Assert.Single(end.Arguments ?? []);
            Assert.Equal((SessionUserCommands.UserNameArgument, InputType.Text, true), (argument.Name, argument.InputType, argument.Required));
            Assert.Contains("every session of this user", end.ConfirmationMessage, StringComparison.Ordinal);

            // The cache holds no sessions: it has the Redis commands only.
            Assert.DoesNotContain(SessionUserCommands.StatisticsCommand, Commands(builder, "cache").Keys);
            Assert.DoesNotContain(SessionUserCommands.EndUserCommand, Commands(builder, "cache").Keys);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public void Sessions_names_users_and_sessions_by_name_and_log_hash_with_their_counts_and_sizes()
    {
        var report = SessionUserCommands.Describe(new SessionStatistics(
            LiveSessions: 7,
            SignedInSessions: 4,
            SignedInUsers: 2,
            TopUsers: [new("alice", 3), new("bob", 1)],
            LargestSessions: [new("0123456789ab", "alice", 20_480), new("ba9876543210", null, 512)]));

        Assert.Equal(
            "Sessions: live sessions 7, signed-in sessions 4, signed-in users 2, most sessions alice (3), bob (1), "
            + "largest 0123456789ab 20K (alice), ba9876543210 512B (anonymous)",
            report.Message);
        Assert.Contains("| signed-in users | 2 |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [SkippableFact(typeof(MissingToolException))]
    public void Sessions_on_an_empty_store_says_none_rather_than_an_empty_list()
    {
        var report = SessionUserCommands.Describe(new SessionStatistics(0, 0, 0, [], []));

        Assert.Equal("Sessions: live sessions 0, signed-in sessions 0, signed-in users 0, most sessions none, largest none", report.Message);
    }

    private static Dictionary<string, ResourceCommandAnnotation> Commands(IDistributedApplicationTestingBuilder builder, string resource) =>
        builder.Resources.Single(candidate => candidate.Name == resource).Annotations.OfType<ResourceCommandAnnotation>()
            .ToDictionary(command => command.Name);
}
