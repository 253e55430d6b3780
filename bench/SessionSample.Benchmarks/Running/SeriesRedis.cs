using System.Globalization;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Redis;
using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Running;

/// <summary>
/// The Redis one series runs on, fresh for it: one redis-server or Garnet process, or a 6-node Redis Cluster
/// (<see cref="RedisCluster"/>, the launcher the tests use). What the series needs of it: the connection
/// string for the apps, the processes whose CPU is Redis's, and the command counter.
/// </summary>
public sealed class SeriesRedis : IAsyncDisposable
{
    private readonly RedisCluster? _cluster;

    private SeriesRedis(RedisServerProcess? single, ConnectionMultiplexer? admin, RedisCluster? cluster, string version)
    {
        Single = single;
        Admin = admin;
        _cluster = cluster;
        Version = version;
    }

    /// <summary>The one server; null on a cluster (the delay proxy and the session sizer need one server).</summary>
    public RedisServerProcess? Single { get; }

    /// <summary>The harness's own connection to <see cref="Single"/> (INFO, MEMORY USAGE, KEYS); null on a cluster.</summary>
    public ConnectionMultiplexer? Admin { get; }

    /// <summary>What the reports call it: <c>redis-server 7.0.15</c>, <c>a 6-node Redis Cluster of redis-server 7.0.15</c>.</summary>
    public string Version { get; }

    /// <summary>The connection string the apps get (straight to the server; a latency series puts the proxy in between).</summary>
    public string ConnectionString => Single?.ConnectionString ?? _cluster!.ConnectionString;

    public string Where => Single is { } server
        ? $"127.0.0.1:{server.Port}"
        : $"127.0.0.1 ports {string.Join(", ", _cluster!.Nodes.Select(n => n.Port.ToString(CultureInfo.InvariantCulture)))}, cluster bus on --cluster-port";

    public static async Task<SeriesRedis> StartAsync(Series series)
    {
        if (series.Kind == SeriesKind.Cluster)
        {
            var cluster = await RedisCluster.StartAsync();
            try
            {
                var info = await cluster.Nodes[0].CommandAsync("INFO", "server");
                return new SeriesRedis(null, null, cluster, $"a 6-node Redis Cluster of redis-server {InfoField(info, "redis_version")}");
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        var redis = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            Engine = series.Engine,
            // Garnet has no MONITOR; the command counts come from its command statistics instead.
            ExtraArguments = series.Engine == RedisEngine.Garnet ? ["--commandstats-monitor"] : [],
        });
        try
        {
            var admin = await redis.ConnectAdminAsync();
            var info = (await admin.GetServers().Single().InfoAsync("server")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
            var version = series.Engine == RedisEngine.Garnet
                ? $"Garnet {info.GetValueOrDefault("garnet_version", "(version unknown)")}"
                : $"redis-server {info.GetValueOrDefault("redis_version", "(version unknown)")}";
            return new SeriesRedis(redis, admin, null, version);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>CPU ticks Redis has used so far: the server's, or every node's of the cluster (replication included).</summary>
    public long CpuTicks() => Single is { } server
        ? CpuAccounting.TreeTicks(server.ProcessId)
        : _cluster!.Nodes.Sum(node => CpuAccounting.TreeTicks(node.ProcessId));

    public Task<CommandCount> CountCommandsAsync(Variant variant, int requests, Func<Task> sendRequests) => Single is { } server
        ? CommandCounter.CountAsync(server, Admin!, variant, requests, sendRequests)
        : CommandCounter.CountAsync(_cluster!, variant, requests, sendRequests);

    public async ValueTask DisposeAsync()
    {
        if (Admin is not null)
        {
            await Admin.DisposeAsync();
        }

        if (Single is not null)
        {
            await Single.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    // redis_version:7.0.15 in INFO server.
    private static string InfoField(string info, string field) =>
        info.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..]
        ?? "(version unknown)";
}
