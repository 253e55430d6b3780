using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>The users' dashboard commands on a sessions cluster: the statistics scan every primary.</summary>
public sealed partial class ClusterTopologyTests
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task SessionsCommandCountsAUsersSessionsAndTheEndCommandSignsThemOutOnTheCluster() =>
        await SessionUserCommandDrill.CountsThenEndsAUsersSessionsAsync(App);
}
