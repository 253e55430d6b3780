using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionSample.AppHost.Redis;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// The cluster outlives the AppHost: a second start on the same data folder re-forms the same six nodes
/// on the same ports from their nodes.conf, skips the creation step, and still holds what was written.
/// </summary>
public sealed class ClusterRestartTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sessionsample-cluster-restart-tests-").FullName;

    [Fact]
    public async Task ASecondStartOnTheSameDataFolderReusesTheClusterAndItsData()
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
    }

    [Fact]
    public async Task StoppingAPrimaryDegradesSessionsUntilItIsBackAndTheDataStaysServed()
    {
        var key = $"cluster-stop-probe:{Guid.NewGuid():N}";
        await using var app = await StartRedisOnlyAsync();
        await using var sessions = await RedisProbe.ConnectAsync(await app.GetConnectionStringAsync("sessions") ?? "");
        Assert.True(await sessions.GetDatabase().StringSetAsync(key, "kept"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        // sessions-1 is a primary: redis-cli made the first three nodes primaries.
        Assert.True((await app.ResourceCommands.ExecuteCommandAsync("sessions-1", "resource-stop", timeout.Token)).Success);
        var seen = new List<string>();
        try
        {
            await app.ResourceNotifications.WaitForResourceAsync("sessions", resource =>
            {
                seen.AddRange(resource.Snapshot.HealthReports.Select(report => $"{report.Status}: {report.Description} {report.ExceptionText}"));
                return resource.Snapshot.HealthStatus == HealthStatus.Degraded
                    && resource.Snapshot.HealthReports.Any(report => report.Description?.Contains("not answering: 127.0.0.1:" + app.GetEndpoint("sessions-1", "tcp").Port, StringComparison.Ordinal) == true);
            }, timeout.Token);
        }
        catch (OperationCanceledException exception)
        {
            throw new TimeoutException("sessions never reported the stopped node:\n" + string.Join('\n', seen.Distinct()), exception);
        }
        Assert.Equal("kept", (string?)await sessions.GetDatabase().StringGetAsync(key));

        Assert.True((await app.ResourceCommands.ExecuteCommandAsync("sessions-1", "resource-start", timeout.Token)).Success);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("sessions", timeout.Token);
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
        var app = await AppHostFixture.StartAsync("redis-server", _dataDirectory, builder =>
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
            {
                builder.Resources.Remove(project);
            }
        }, timeout.Token, $"--{RedisTopologySelector.ConfigurationKey}={RedisTopologySelector.Cluster}");

        await AppHostFixture.WaitForHealthyAsync(app, ["sessions"], timeout.Token);
        return app;
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
