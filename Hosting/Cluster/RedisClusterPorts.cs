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
    /// Every node's ports as its nodes.conf remembers them, or null when some node remembers none (the
    /// cluster was never created): then all nodes take fresh ports and the creation step makes the cluster.
    /// </summary>
    public static IReadOnlyList<NodePorts>? Remembered(IReadOnlyList<(string Node, string Directory)> nodes, string clusterDirectory)
    {
        var remembered = nodes.Select(node => ReadOwnPorts(Path.Combine(node.Directory, RedisClusterNodeResource.ConfigFileName))).ToList();
        if (remembered.Any(ports => ports is null))
        {
            return null;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            EnsureFree(remembered[i]!.Port, nodes[i].Node, clusterDirectory);
            EnsureFree(remembered[i]!.BusPort, nodes[i].Node, clusterDirectory);
        }

        return [.. remembered.Select(ports => ports!)];
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

    private static void EnsureFree(int port, string node, string clusterDirectory)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // As redis-server binds (SO_REUSEADDR): the last run's connections left in TIME_WAIT do not count.
        probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new DistributedApplicationException(
                $"The Redis Cluster node '{node}' must listen on 127.0.0.1:{port} again (the cluster was created on that port and " +
                $"its nodes find each other there), but another process uses it now. Stop that process, or stop the AppHost and delete " +
                $"{clusterDirectory} to create a new cluster on free ports (the data in it is lost).", exception);
        }
    }
}
