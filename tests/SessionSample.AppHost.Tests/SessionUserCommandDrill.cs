using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// The users' dashboard commands against a running AppHost, as an operator uses them: alice signs in twice
/// through the API, "Sessions" counts her, "End a user's sessions" ends both sessions and both sign-ins die.
/// Shared by every engine and topology.
/// </summary>
internal static partial class SessionUserCommandDrill
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static async Task CountsThenEndsAUsersSessionsAsync(DistributedApplication app)
    {
        var api = app.GetEndpoint("apiservice", "http");
        using var phone = await SignedInAsync(api);
        using var laptop = await SignedInAsync(api);

        var statistics = await ExecuteAsync(app, SessionUserCommands.StatisticsCommand);
        Assert.True(Figure(statistics, "live sessions") >= 2, statistics);
        Assert.True(Figure(statistics, "signed-in sessions") >= 2, statistics);
        Assert.True(Figure(statistics, "signed-in users") >= 1, statistics);
        var alice = AliceCount().Match(statistics);
        Assert.True(alice.Success && int.Parse(alice.Groups[1].Value, CultureInfo.InvariantCulture) >= 2, statistics);
        // Sessions are named by their 12-hex-digit log hash; a raw id (or handle) never shows.
        Assert.Matches(@"largest [0-9a-f]{12} \d", statistics);
        Assert.DoesNotContain(SessionClient.SessionCookieName, statistics, StringComparison.Ordinal);

        var ended = await ExecuteAsync(app, SessionUserCommands.EndUserCommand, UserName("alice"));
        Assert.True(Figure(ended, "sessions ended") >= 2, ended);

        foreach (var user in new[] { phone, laptop })
        {
            using var me = await user.GetAsync("/api/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        Assert.DoesNotMatch(AliceCount(), await ExecuteAsync(app, SessionUserCommands.StatisticsCommand));
    }

    public static InteractionInputCollection UserName(string value) =>
        new([new InteractionInput { Name = SessionUserCommands.UserNameArgument, InputType = InputType.Text, Value = value }]);

    private static async Task<SessionClient> SignedInAsync(Uri api)
    {
        var user = new SessionClient(api);
        using var login = await user.PostAsJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return user;
    }

    private static async Task<string> ExecuteAsync(DistributedApplication app, string command, InteractionInputCollection? arguments = null)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var result = arguments is null
            ? await app.ResourceCommands.ExecuteCommandAsync("sessions", command, timeout.Token)
            : await app.ResourceCommands.ExecuteCommandAsync("sessions", command, arguments, timeout.Token);
        Assert.True(result.Success, result.Message);
        return result.Message!;
    }

    private static long Figure(string message, string label)
    {
        var match = Regex.Match(message, Regex.Escape(label) + @" (\d+)");
        Assert.True(match.Success, $"No '{label}' in: {message}");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"most sessions [^,]*?\balice \((\d+)\)")]
    private static partial Regex AliceCount();
}
