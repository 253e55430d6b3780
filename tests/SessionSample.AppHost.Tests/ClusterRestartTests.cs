using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisSessions.Hosting;
using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// The cluster outlives the AppHost: a second start on the same data folder re-forms the same six nodes
/// on the same ports from their nodes.conf, skips the creation step, and still holds what was written.
/// </summary>
public sealed class ClusterRestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sessionsample-cluster-restart-tests-").FullName;

    [SkippableFact(typeof(MissingToolException))]
    public async Task ASecondStartOnTheSameDataFolderReusesTheClusterAndItsDataAndOneWithANodeLostIsRefused()
    {
        var key = $"cluster-restart-probe:{Guid.NewGuid():N}";
        var value = Guid.NewGuid().ToString();
        Dictionary<int, string> nodeIds;

        await using (var first = await StartRedisOnlyAsync())
        {
            Assert.Equal("created", CreationOutcome(first));
            nodeIds = await NodeIdsByPortAsync(first);
            await using var sessions = await RedisProbe.ConnectAsync(await first.GetConnectionStringAsync("sessions") ?? "");
            Assert.True(await sessions.GetDatabase().StringSetAsync(key, value));
        }

        await using (var second = await StartRedisOnlyAsync())
        {
            Assert.Equal("skipped: the cluster already exists", CreationOutcome(second));
            Assert.Equal(nodeIds, await NodeIdsByPortAsync(second));
            await using var sessions = await RedisProbe.ConnectAsync(await second.GetConnectionStringAsync("sessions") ?? "");
            Assert.Equal(value, (string?)await sessions.GetDatabase().StringGetAsync(key));
        }

        // One node's folder gone: the five others still hold the cluster, so creating a new one would lose
        // their data. The creation step refuses, and sessions does not start.
        Directory.Delete(Path.Combine(_dataDirectory, "redis-server", "sessions-cluster", "sessions-6"), recursive: true);
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        await using var third = await AppHostFixture.StartAsync("redis-server", _dataDirectory, RemoveProjects, timeout.Token, AppHostFixture.ClusterTopology);
        await third.ResourceNotifications.WaitForResourceAsync("sessions-create", KnownResourceStates.Finished, timeout.Token);
        await third.ResourceNotifications.WaitForResourceAsync("sessions", KnownResourceStates.FailedToStart, timeout.Token);
        Assert.Equal(1, ClusterState.Snapshot(third, "sessions-create").ExitCode);
        Assert.Equal("refused: the nodes hold part of a cluster", CreationOutcome(third));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task StoppingAPrimaryDegradesSessionsUntilItIsBackAndTheDataStaysServed()
    {
        var key = $"cluster-stop-probe:{Guid.NewGuid():N}";
        await using var app = await StartRedisOnlyAsync();
        await using var sessions = await RedisProbe.ConnectAsync(await app.GetConnectionStringAsync("sessions") ?? "");
        Assert.True(await sessions.GetDatabase().StringSetAsync(key, "kept"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // sessions-1 is a primary: redis-cli made the first three nodes primaries.
        Assert.True((await app.ResourceCommands.ExecuteCommandAsync("sessions-1", "resource-stop", timeout.Token)).Success);
        var stopped = "not answering: 127.0.0.1:" + app.GetEndpoint("sessions-1", "tcp").Port;
        await WaitForHealthAsync(app, result => result.Status == HealthStatus.Degraded && result.Description!.Contains(stopped, StringComparison.Ordinal), timeout.Token);

        // The stopped primary's slots come back once its replica takes over (cluster-node-timeout, then an election).
        while (true)
        {
            try
            {
                Assert.Equal("kept", (string?)await sessions.GetDatabase().StringGetAsync(key));
                break;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException && !timeout.IsCancellationRequested)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }

        Assert.True((await app.ResourceCommands.ExecuteCommandAsync("sessions-1", "resource-start", timeout.Token)).Success);
        await WaitForHealthAsync(app, result => result.Status == HealthStatus.Healthy, timeout.Token);
        Assert.Equal("kept", (string?)await sessions.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public void PortsAreReadBackFromTheNodesOwnLineOnlyOnceItKnowsThem()
    {
        var file = Path.Combine(_dataDirectory, "nodes.conf");
        File.WriteAllText(file, "5a5e 127.0.0.1:41001@41002,host master - 0 0 1 connected 0-5460\n" +
            "7b7f 127.0.0.1:42001@42002,host myself,slave 5a5e 0 0 1 connected\nvars currentEpoch 6 lastVoteEpoch 0\n");
        Assert.Equal(new RedisClusterPorts.NodePorts(42001, 42002), RedisClusterPorts.ReadOwnPorts(file));

        // What a node writes before it has met any other: no address yet, so nothing to keep.
        File.WriteAllText(file, "7b7f :0@0 myself,master - 0 0 0 connected\nvars currentEpoch 0 lastVoteEpoch 0\n");
        Assert.Null(RedisClusterPorts.ReadOwnPorts(file));
        Assert.Null(RedisClusterPorts.ReadOwnPorts(Path.Combine(_dataDirectory, "missing.conf")));
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private async Task<DistributedApplication> StartRedisOnlyAsync()
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        var app = await AppHostFixture.StartAsync("redis-server", _dataDirectory, RemoveProjects, timeout.Token, AppHostFixture.ClusterTopology);
        await AppHostFixture.WaitForHealthyAsync(app, ["sessions"], timeout.Token);
        return app;
    }

    // Only the Redis resources: the apps play no part in what these tests look at.
    private static void RemoveProjects(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.Resources.Remove(project);
        }
    }

    /// <summary>
    /// Runs the cluster's health check until it reports what <paramref name="expected"/> wants: asked
    /// directly, because once healthy the AppHost checks only every 30 s.
    /// </summary>
    private static async Task WaitForHealthAsync(DistributedApplication app, Func<HealthCheckResult, bool> expected, CancellationToken cancellationToken)
    {
        var cluster = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<RedisClusterResource>().Single();
        var check = new RedisClusterHealthCheck(cluster, app.Services.GetRequiredService<RedisResourceConnections>());
        var seen = new List<string>();
        while (true)
        {
            var result = await check.CheckHealthAsync(new HealthCheckContext(), cancellationToken);
            if (expected(result))
            {
                return;
            }

            seen.Add($"{result.Status}: {result.Description}");
            if (cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("The cluster's health never got there:\n" + string.Join('\n', seen.Distinct()));
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static string? CreationOutcome(DistributedApplication app) =>
        ClusterState.Property(ClusterState.Snapshot(app, "sessions-create"), RedisClusterCreationResource.OutcomeProperty);

    /// <summary>Each node's port and the id the cluster knows it by (CLUSTER MYID).</summary>
    private static async Task<Dictionary<int, string>> NodeIdsByPortAsync(DistributedApplication app)
    {
        var password = await ClusterState.PasswordAsync(app);
        var ids = new Dictionary<int, string>();
        foreach (var node in ClusterState.NodeNames)
        {
            var port = app.GetEndpoint(node, "tcp").Port;
            await using var client = await RespClient.ConnectAsync(port);
            await client.AuthenticateAsync(password);
            ids[port] = await client.SendAsync("CLUSTER", "MYID");
        }

        return ids;
    }
}
