using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RedisSessions.Hosting;

namespace SessionSample.Testing;

/// <summary>
/// A local Redis Cluster: six redis-server processes in cluster mode, three primaries and a replica
/// each, on free loopback ports (the cluster bus too, with <c>--cluster-port</c>: the default port +
/// 10000 may be taken), sharing one random password for clients and for replication (<c>requirepass</c>,
/// <c>masterauth</c>). Made with <c>redis-cli --cluster create</c>; ready once every node reports
/// <c>cluster_state:ok</c> with all slots covered. Disposing it kills every node.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private const int PrimaryCount = 3;

    // A primary that misses pings this long is failed over: seconds in a test, yet far above the pauses
    // a busy two-core machine gives a healthy node.
    private const int NodeTimeoutMilliseconds = 2000;
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    private readonly List<RedisServerProcess> _nodes;

    private RedisCluster(string password, List<RedisServerProcess> nodes)
    {
        Password = password;
        _nodes = nodes;
    }

    public string Password { get; }

    public IReadOnlyList<RedisServerProcess> Nodes => _nodes;

    /// <summary>A StackExchange.Redis connection string naming every node.</summary>
    public string ConnectionString =>
        string.Join(',', _nodes.Select(node => $"127.0.0.1:{node.Port}")) + $",password={Password},abortConnect=false,connectTimeout=2000";

    public static async Task<RedisCluster> StartAsync()
    {
        TestRedis.RequireRedisCli("A Redis Cluster");
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var ports = FreePort.Next(PrimaryCount * 4);
        var nodes = new List<RedisServerProcess>();
        var cluster = new RedisCluster(password, nodes);
        try
        {
            var starting = Enumerable.Range(0, PrimaryCount * 2).Select(i => RedisServerProcess.StartAsync(new RedisServerOptions
            {
                Engine = RedisEngine.RedisServer,
                Port = ports[i],
                Password = password,
                ExtraArguments =
                [
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-port", ports[(PrimaryCount * 2) + i].ToString(CultureInfo.InvariantCulture),
                    "--cluster-node-timeout", NodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
                    "--masterauth", password,
                    // Replicas sync at once instead of waiting 5 s for more replicas to share the transfer.
                    "--repl-diskless-sync-delay", "0",
                ],
            })).ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Whatever started is the cluster's to kill, even when another node failed to start.
                nodes.AddRange(starting.Where(node => node.IsCompletedSuccessfully).Select(node => node.Result));
            }

            await cluster.CreateAsync();
            await cluster.WaitUntilHealthyAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The cluster as a live node sees it.</summary>
    public async Task<IReadOnlyList<ClusterNode>> TopologyAsync() =>
        ClusterNode.ParseAll(await LiveNodes().First().CommandAsync("CLUSTER", "NODES"));

    /// <summary>The processes of the nodes that are primaries now.</summary>
    public async Task<IReadOnlyList<RedisServerProcess>> PrimariesAsync()
    {
        var primaries = (await TopologyAsync()).Where(node => node.IsPrimary && !node.Failed).Select(node => node.Port).ToHashSet();
        return [.. _nodes.Where(node => node.IsRunning && primaries.Contains(node.Port))];
    }

    /// <summary>
    /// Waits until every live node reports <c>cluster_state:ok</c> with all slots assigned and served, and
    /// sees every other live node in its role: each a primary with slots or a replica of one. Roles spread
    /// by gossip, so one node may report ok before it knows which of the others are replicas.
    /// </summary>
    public Task WaitUntilHealthyAsync() => WaitForAsync("every node reports cluster_state:ok, all slots served and every node in its role", async () =>
    {
        foreach (var node in LiveNodes())
        {
            if (ClusterInfo.Parse(await node.CommandAsync("CLUSTER", "INFO")).Problem is not null)
            {
                return false;
            }

            var topology = ClusterNode.ParseAll(await node.CommandAsync("CLUSTER", "NODES"));
            if (topology.Count != _nodes.Count
                || !topology.All(known => known.Failed || (known.IsPrimary ? known.Slots.Count > 0 : known.PrimaryId is not null)))
            {
                return false;
            }
        }

        return true;
    });

    /// <summary>Waits until each replica has every write its primary had when this was called (before killing a primary).</summary>
    public async Task WaitForReplicasAsync()
    {
        var topology = await TopologyAsync();
        foreach (var primary in topology.Where(node => node.IsPrimary && !node.Failed))
        {
            var offset = ReplicationOffset(await NodeAt(primary.Port).CommandAsync("INFO", "replication"), "master_repl_offset");
            foreach (var replica in topology.Where(node => node.PrimaryId == primary.Id && !node.Failed))
            {
                await WaitForAsync($"the replica on port {replica.Port} reaches offset {offset}", async () =>
                    ReplicationOffset(await NodeAt(replica.Port).CommandAsync("INFO", "replication"), "slave_repl_offset") >= offset);
            }
        }
    }

    /// <summary>
    /// SIGKILLs the primary serving <paramref name="slot"/>, then waits until its replica has taken the
    /// slot over and the cluster is healthy again. Returns the node that was killed.
    /// </summary>
    public async Task<ClusterNode> KillPrimaryAsync(int slot)
    {
        var victim = (await TopologyAsync()).Single(node => node.IsPrimary && !node.Failed && node.Serves(slot));
        await NodeAt(victim.Port).KillAsync();
        await WaitForAsync($"a replica takes over slot {slot} from the killed primary on port {victim.Port}", async () =>
        {
            foreach (var node in LiveNodes())
            {
                var topology = ClusterNode.ParseAll(await node.CommandAsync("CLUSTER", "NODES"));
                if (!topology.Any(n => n.Id == victim.Id && n.Failed)
                    || !topology.Any(n => n.IsPrimary && !n.Failed && n.Id != victim.Id && n.Serves(slot)))
                {
                    return false;
                }
            }

            return true;
        });
        await WaitUntilHealthyAsync();
        return victim;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo("redis-cli")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in _nodes)
        {
            start.ArgumentList.Add($"127.0.0.1:{node.Port}");
        }

        foreach (var arg in new[] { "--cluster-replicas", "1", "--cluster-yes", "-a", Password, "--no-auth-warning" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-cli.");
        var log = new ProcessLog(process);
        using var timeout = new CancellationTokenSource(s_limit);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create exited with code {process.ExitCode}:\n{log.Text}");
        }
    }

    private IEnumerable<RedisServerProcess> LiveNodes() => _nodes.Where(node => node.IsRunning);

    private RedisServerProcess NodeAt(int port) => _nodes.Single(node => node.Port == port);

    // master_repl_offset:1234 in INFO replication.
    private static long ReplicationOffset(string info, string field) =>
        info.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line[(field.Length + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1)
            .First();

    private static async Task WaitForAsync(string what, Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > s_limit)
            {
                throw new TimeoutException($"The Redis Cluster did not get there within {s_limit.TotalSeconds} s: {what}.");
            }

            await Task.Delay(100);
        }
    }
}
