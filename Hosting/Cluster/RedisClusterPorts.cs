using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RedisSessions.Hosting;

/// <summary>
/// The ports a cluster keeps from one AppHost run to the next. Nodes find each other at the addresses in
/// their nodes.conf, so a cluster re-forms only on the ports it was created on: the first run takes free
/// ports (the orchestrator allocates them), later runs read them back from each node's nodes.conf.
/// </summary>
internal static class RedisClusterPorts
{
    public sealed record NodePorts(int Port, int BusPort);

    /// <summary>
    /// How long a start waits for the previous run's nodes to stop: the orchestrator stops them without
    /// waiting, so an AppHost started right after another may find them still shutting down.
    /// </summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    /// <summary>What the nodes' folders remember, and how long the last run's nodes took to stop (null: they had).</summary>
    public sealed record Recollection(IReadOnlyList<NodePorts>? Ports, TimeSpan? WaitedForStop);

    /// <summary>
    /// Every node's ports as its nodes.conf remembers them, or null ports when some node remembers none (the
    /// cluster was never created): then all nodes take fresh ports and the creation step makes the cluster.
    /// A node of the last run still holds its nodes.conf (redis-server keeps an exclusive flock on it while it
    /// runs, and .NET on Unix reads a file under a shared one) and its ports: both are waited for, within one
    /// <paramref name="stopWait"/> for all nodes, after which the node still running is named.
    /// </summary>
    public static Recollection Remembered(IReadOnlyList<(string Node, string Directory)> nodes, string clusterDirectory, TimeSpan stopWait)
    {
        var waiting = new StopWaiting(stopWait, clusterDirectory);
        var remembered = nodes.Select(node =>
        {
            var nodesFile = Path.Combine(node.Directory, RedisClusterNodeResource.ConfigFileName);
            NodePorts? ports = null;
            waiting.Until(node.Node, () =>
            {
                try
                {
                    ports = ReadOwnPorts(nodesFile);
                    return null;
                }
                // A sharing violation is a plain IOException; its subclasses (file not found...) are other faults.
                catch (IOException exception) when (exception.GetType() == typeof(IOException))
                {
                    return new Busy($"a redis-server holds its {nodesFile} locked", exception);
                }
            });
            return ports;
        }).ToList();
        if (remembered.Any(ports => ports is null))
        {
            return new(null, waiting.Waited);
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            var ports = remembered[i]!;
            waiting.Until(nodes[i].Node, () => InUse(ports.Port) ?? InUse(ports.BusPort));
        }

        return new([.. remembered.Select(ports => ports!)], waiting.Waited);
    }

    /// <summary>
    /// The node's own line of a nodes.conf: <c>&lt;id&gt; 127.0.0.1:30001@40001[,hostname] myself,master ...</c>.
    /// Until the node has met another it does not know its address and writes <c>:0@0</c>: nothing to keep.
    /// </summary>
    public static NodePorts? ReadOwnPorts(string nodesFile)
    {
        if (!File.Exists(nodesFile))
        {
            return null;
        }

        foreach (var fields in File.ReadLines(nodesFile).Select(line => line.Split(' ')))
        {
            if (fields.Length < 3 || !fields[2].Split(',').Contains("myself"))
            {
                continue;
            }

            var address = fields[1].Split(',')[0];
            var at = address.LastIndexOf('@');
            var colon = at > 0 ? address.LastIndexOf(':', at - 1) : -1;
            return colon >= 0
                && int.TryParse(address[(colon + 1)..at], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0
                && int.TryParse(address[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var busPort) && busPort > 0
                ? new NodePorts(port, busPort)
                : null;
        }

        return null;
    }

    /// <summary>Why a node of the last run looks alive still, with what showed it.</summary>
    private sealed record Busy(string What, Exception Cause);

    private static Busy? InUse(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // As redis-server binds (SO_REUSEADDR): the last run's connections left in TIME_WAIT do not count.
        probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return null;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return new Busy($"127.0.0.1:{port}, the port the cluster was created on (its nodes find each other there), is in use", exception);
        }
    }

    /// <summary>One clock and one bound for every node of a start: the last run stopped them all at once.</summary>
    private sealed class StopWaiting(TimeSpan bound, string clusterDirectory)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private bool _waited;

        /// <summary>How long the start waited, or null when every node had stopped already.</summary>
        public TimeSpan? Waited => _waited ? _clock.Elapsed : null;

        public void Until(string node, Func<Busy?> stillRunning)
        {
            while (stillRunning() is { } busy)
            {
                if (_clock.Elapsed >= bound)
                {
                    throw new DistributedApplicationException(
                        $"The Redis Cluster node '{node}' of {clusterDirectory} is still running after {bound.TotalSeconds:0.#} s of waiting for the " +
                        $"previous run's nodes to stop: {busy.What}. Another AppHost on the same data folder, or a redis-server left behind, " +
                        $"still runs it (or another process took its port): stop it, or give this AppHost a data folder of its own " +
                        $"({RedisDirectories.DataDirectoryKey}). To create a new cluster on free ports instead, stop the AppHost and delete " +
                        $"{clusterDirectory} (the data in it is lost).", busy.Cause);
                }

                _waited = true;
                Thread.Sleep(100);
            }
        }
    }
}
