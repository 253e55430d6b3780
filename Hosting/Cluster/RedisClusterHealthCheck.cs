using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>
/// Healthy when every node answers, reports <c>cluster_state:ok</c> with all 16384 slots assigned and
/// served, and sees all six nodes, each a primary with slots or a replica of one (roles spread by gossip,
/// so one node may say ok before it knows who replicates whom). WaitFor(sessions) waits for this. A node
/// that stopped answering while the others report cluster_state:ok makes it Degraded (a stopped
/// primary's slots are out of reach until its replica takes over).
/// </summary>
internal sealed class RedisClusterHealthCheck(RedisClusterResource cluster, RedisResourceConnections connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = await connections.ServersAsync(cluster, cancellationToken);
            var silent = new List<string>();
            ClusterConfiguration? topology = null;
            foreach (var server in servers)
            {
                if (!server.IsConnected)
                {
                    silent.Add(server.EndPoint.ToString()!);
                    continue;
                }

                var info = ClusterInfo.Parse((string?)await server.ExecuteAsync("CLUSTER", "INFO").WaitAsync(cancellationToken) ?? "");
                var nodes = await server.ClusterNodesAsync().WaitAsync(cancellationToken)
                    ?? throw new InvalidOperationException($"{server.EndPoint} is not in cluster mode.");
                if ((info.Problem ?? RoleProblem(info, nodes)) is { } problem)
                {
                    return HealthCheckResult.Unhealthy($"{server.EndPoint}: {problem}");
                }

                topology ??= nodes;
            }

            if (topology is null)
            {
                return HealthCheckResult.Unhealthy("No node of the cluster answers.");
            }

            var live = topology.Nodes.Where(node => !node.IsFail && !node.IsPossiblyFail).ToList();
            var summary = $"cluster_state:ok, all {ClusterInfo.SlotCount} slots served; {live.Count} nodes: " +
                $"{live.Count(node => !node.IsReplica)} primaries, {live.Count(node => node.IsReplica)} replicas";
            return silent.Count == 0
                ? HealthCheckResult.Healthy(summary)
                : HealthCheckResult.Degraded($"{summary}; not answering: {string.Join(", ", silent)}");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }

    // The count comes from CLUSTER INFO: StackExchange.Redis leaves out of its parsed view nodes it
    // cannot route to, such as one that stopped.
    private static string? RoleProblem(ClusterInfo info, ClusterConfiguration topology)
    {
        if (info.KnownNodes != RedisClusterResource.NodeCount)
        {
            return $"knows {info.KnownNodes} of {RedisClusterResource.NodeCount} nodes";
        }

        var undecided = topology.Nodes.FirstOrDefault(node => !node.IsFail && !node.IsPossiblyFail
            && (node.IsReplica ? node.ParentNodeId is null : node.Slots.Count == 0));
        return undecided is null ? null : $"{undecided.EndPoint} is neither a primary with slots nor a replica yet";
    }
}
