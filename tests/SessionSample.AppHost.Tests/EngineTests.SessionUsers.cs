using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>The users' dashboard commands on the sessions resource, on each engine.</summary>
public abstract partial class EngineTests
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Sessions_command_counts_a_users_sessions_and_the_end_command_signs_them_out_everywhere() =>
        await SessionUserCommandDrill.CountsThenEndsAUsersSessionsAsync(App);

    [SkippableFact(typeof(MissingToolException))]
    public async Task End_a_users_sessions_refuses_a_blank_user_name()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = await App.ResourceCommands.ExecuteCommandAsync(
            "sessions", SessionUserCommands.EndUserCommand, SessionUserCommandDrill.UserName("  "), timeout.Token);

        // Refused before the command runs: nothing is ended for a name nobody typed.
        Assert.False(result.Success);
        Assert.Contains("validation failed", result.Message, StringComparison.Ordinal);
    }
}
