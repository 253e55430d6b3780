using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// Reading a cluster's remembered ports while the last run's node still runs: redis-server holds an
/// exclusive flock on its nodes.conf for its whole life, and .NET on Unix opens a file for reading with
/// a shared flock, so the read fails while the node lives (the orchestrator stops nodes asynchronously).
/// </summary>
public sealed class ClusterPortsTests : IDisposable
{
    private readonly string _clusterDirectory = Directory.CreateTempSubdirectory("sessionsample-cluster-ports-tests-").FullName;

    [SkippableFact(typeof(MissingToolException))]
    public async Task PortsOfANodeStillStoppingAreReadOnceItHasStopped()
    {
        var (node, directory, ports) = NodeFolder("sessions-1");
        await using var server = await StartNodeAsync(directory, ports);

        var read = Task.Run(() => RedisClusterPorts.Remembered([(node, directory)], _clusterDirectory, TimeSpan.FromMinutes(1)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(read.IsCompleted, $"The ports were read while the node still held its nodes.conf: {read.Exception?.InnerException?.Message}");
        await server.DisposeAsync();

        var recollection = await read;
        Assert.Equal([ports], recollection.Ports);
        Assert.NotNull(recollection.WaitedForStop);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task ANodeStillRunningAfterTheWaitIsNamedWithItsFolder()
    {
        var (node, directory, ports) = NodeFolder("sessions-2");
        await using var server = await StartNodeAsync(directory, ports);

        var refusal = Assert.Throws<DistributedApplicationException>(
            () => RedisClusterPorts.Remembered([(node, directory)], _clusterDirectory, TimeSpan.FromSeconds(1)));
        Assert.Contains($"'{node}' of {_clusterDirectory} is still running", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(directory, RedisClusterNodeResource.ConfigFileName) + " locked", refusal.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(refusal.InnerException);
    }

    [Fact]
    public async Task ARememberedPortStillInUseIsWaitedForWithinTheSameBound()
    {
        var (node, directory, ports) = NodeFolder("sessions-3");
        var (_, otherDirectory, otherPorts) = NodeFolder("sessions-4");
        IReadOnlyList<(string, string)> nodes = [(node, directory), ("sessions-4", otherDirectory)];
        using var listener = new TcpListener(IPAddress.Loopback, otherPorts.BusPort);
        listener.Start();

        var refusal = Assert.Throws<DistributedApplicationException>(() => RedisClusterPorts.Remembered(nodes, _clusterDirectory, TimeSpan.FromSeconds(1)));
        Assert.Contains($"'sessions-4' of {_clusterDirectory} is still running", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{otherPorts.BusPort}, the port the cluster was created on", refusal.Message, StringComparison.Ordinal);

        // Freed while the start waits, as when the last run's node exits: the cluster is reused.
        var read = Task.Run(() => RedisClusterPorts.Remembered(nodes, _clusterDirectory, TimeSpan.FromMinutes(1)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(read.IsCompleted, "The ports were taken for free while one was in use.");
        listener.Stop();
        Assert.Equal([ports, otherPorts], (await read).Ports);
    }

    [Fact]
    public void NodesThatHadStoppedAreReadWithoutWaiting()
    {
        var (node, directory, ports) = NodeFolder("sessions-5");
        var recollection = RedisClusterPorts.Remembered([(node, directory)], _clusterDirectory, TimeSpan.Zero);
        Assert.Equal([ports], recollection.Ports);
        Assert.Null(recollection.WaitedForStop);
    }

    public void Dispose() => Directory.Delete(_clusterDirectory, recursive: true);

    /// <summary>A node's folder whose nodes.conf remembers two free ports, as a created cluster's does.</summary>
    private (string Node, string Directory, RedisClusterPorts.NodePorts Ports) NodeFolder(string node)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_clusterDirectory, node)).FullName;
        var free = FreePort.Next(2);
        var ports = new RedisClusterPorts.NodePorts(free[0], free[1]);
        File.WriteAllText(Path.Combine(directory, RedisClusterNodeResource.ConfigFileName),
            $"b193f9160f2d1947c9ec72c1160260d801c99c72 127.0.0.1:{ports.Port}@{ports.BusPort} myself,master - 0 0 0 connected\n" +
            "vars currentEpoch 0 lastVoteEpoch 0\n");
        return (node, directory, ports);
    }

    /// <summary>A cluster-enabled redis-server on the folder's nodes.conf and ports: it holds the file locked while it runs.</summary>
    private static Task<RedisServerProcess> StartNodeAsync(string directory, RedisClusterPorts.NodePorts ports) =>
        RedisServerProcess.StartAsync(new RedisServerOptions
        {
            Engine = SessionSample.Testing.RedisEngine.RedisServer,
            Port = ports.Port,
            ExtraArguments =
            [
                "--cluster-enabled", "yes",
                "--cluster-config-file", Path.Combine(directory, RedisClusterNodeResource.ConfigFileName),
                "--cluster-port", ports.BusPort.ToString(CultureInfo.InvariantCulture),
            ],
        });
}
