using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SessionSample.Sessions;
using SessionSample.Sessions.Users;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>
/// The operator's view of the users' sessions on the <c>sessions</c> resource: "Sessions" counts them (live,
/// signed in, users, the users with most sessions, the largest sessions by bytes, each named by its log hash,
/// never by an id), and "End a user's sessions" asks for a user name, confirms, and ends them all at once. Both
/// use the session library itself (<see cref="SessionUsers.Create"/>) on the resource's connection string, so
/// they read and write exactly what the apps do, on one server or a cluster, on redis-server or Garnet.
/// </summary>
internal static class SessionUserCommands
{
    public const string StatisticsCommand = "sessions-statistics";
    public const string EndUserCommand = "sessions-end-user";
    public const string UserNameArgument = "userName";

    /// <summary>How many users and sessions the two top lists of "Sessions" show.</summary>
    public const int Top = 5;

    public static IResourceBuilder<T> WithSessionUserCommands<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        // The apps' settings (key prefix, idle timeout, cap) from the AppHost's own Sessions section.
        var options = new RedisSessionOptions();
        builder.ApplicationBuilder.Configuration.GetSection(RedisSessionOptions.SectionName).Bind(options);
        builder.ApplicationBuilder.Services.TryAddSingleton<RedisResourceConnections>();

        builder.WithCommand(StatisticsCommand, "Sessions",
            context => RunAsync(builder.Resource, options, context, static (users, _, token) => StatisticsAsync(users, token)),
            new CommandOptions
            {
                Description = "Live and signed-in sessions, the users with most sessions and the largest sessions (no ids)",
                IconName = "PeopleList",
                UpdateState = EnabledWhenHealthy,
            });

        builder.WithCommand(EndUserCommand, "End a user's sessions",
            context => RunAsync(builder.Resource, options, context, EndUserAsync),
            new CommandOptions
            {
                Description = "Signs a user out on every device at once: ends all of their sessions",
                IconName = "PersonDelete",
                ConfirmationMessage = "End every session of this user? They are signed out at once, on every device and both apps.",
                Arguments =
                [
                    new InteractionInput
                    {
                        Name = UserNameArgument,
                        Label = "User name",
                        Description = "As the user signs in, e.g. alice",
                        InputType = InputType.Text,
                        Required = true,
                        MaxLength = 256,
                    },
                ],
                ValidateArguments = context =>
                {
                    if (string.IsNullOrWhiteSpace(context.Inputs[UserNameArgument].Value))
                    {
                        context.AddValidationError(UserNameArgument, "Enter the user's name.");
                    }

                    return Task.CompletedTask;
                },
                UpdateState = EnabledWhenHealthy,
            });

        return builder;
    }

    public static async Task<RedisCommandReport> StatisticsAsync(ISessionUsers users, CancellationToken cancellationToken) =>
        Describe(await users.GetStatisticsAsync(Top, cancellationToken));

    /// <summary>The figures of "Sessions" as the dashboard shows them.</summary>
    public static RedisCommandReport Describe(SessionStatistics statistics) => new("Sessions",
    [
        new("live sessions", Number(statistics.LiveSessions)),
        new("signed-in sessions", Number(statistics.SignedInSessions)),
        new("signed-in users", Number(statistics.SignedInUsers)),
        new("most sessions", statistics.TopUsers.Count == 0 ? "none"
            : string.Join(", ", statistics.TopUsers.Select(user => $"{user.UserName} ({Number(user.Sessions)})"))),
        new("largest", statistics.LargestSessions.Count == 0 ? "none"
            : string.Join(", ", statistics.LargestSessions.Select(session =>
                $"{session.SessionIdHash} {RedisNodeInfo.HumanBytes(session.Bytes)} ({session.UserName ?? "anonymous"})"))),
    ]);

    public static async Task<RedisCommandReport> EndUserAsync(ISessionUsers users, string? userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new ArgumentException("Enter the user's name.", nameof(userName));
        }

        var ended = await users.EndAllAsync(userName.Trim(), exceptHandle: null, SessionEndReason.Revoked, cancellationToken);
        return new("End a user's sessions", [new("user", userName.Trim()), new("sessions ended", Number(ended))]);
    }

    private static async Task<ExecuteCommandResult> RunAsync(
        IResourceWithConnectionString resource,
        RedisSessionOptions options,
        ExecuteCommandContext context,
        Func<ISessionUsers, string?, CancellationToken, Task<RedisCommandReport>> command) =>
        await ReportAsync(resource.Name, async () =>
        {
            var connection = await context.Services.GetRequiredService<RedisResourceConnections>().GetAsync(resource, context.CancellationToken);
            var users = SessionUsers.Create(connection, options, context.Services.GetService<ILoggerFactory>());
            var userName = context.Arguments.ContainsName(UserNameArgument) ? context.Arguments.GetString(UserNameArgument) : null;
            return await command(users, userName, context.CancellationToken);
        });

    /// <summary>
    /// The command's report, or a failed command that says why: the dashboard shows a failure (the store did not
    /// answer, a wrong user name, a canceled command), never an exception.
    /// </summary>
    public static async Task<ExecuteCommandResult> ReportAsync(string resourceName, Func<Task<RedisCommandReport>> run)
    {
        try
        {
            var report = await run();
            return CommandResults.Success(report.Message, report.ToMarkdown(), CommandResultFormat.Markdown, displayImmediately: true);
        }
        catch (OperationCanceledException)
        {
            return CommandResults.Failure($"{resourceName}: the command was canceled.");
        }
        catch (Exception exception) when (exception is SessionStoreUnavailableException or RedisException or TimeoutException or InvalidOperationException or ArgumentException)
        {
            return CommandResults.Failure($"{resourceName}: {exception.Message}");
        }
    }

    private static ResourceCommandState EnabledWhenHealthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus is HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
