using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;
using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Redis;

/// <summary>Redis commands one app sent per request, with the breakdown by command name.</summary>
/// <param name="Requests">How many requests the count was taken over.</param>
public sealed record CommandCount(double PerRequest, IReadOnlyDictionary<string, double> ByCommand, int ScriptInternal, int Requests)
{
    public string Breakdown => ByCommand.Count == 0
        ? "none"
        : string.Join(", ", ByCommand.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key} {c.Value:0.##}"));
}

/// <summary>
/// Counts the commands an app sends while it serves a fixed number of requests: on redis-server with
/// MONITOR, lines from that app's own connections (found by the client name they carry; commands a Lua
/// script runs inside Redis are reported apart and never counted); on Garnet with command statistics;
/// on a Redis Cluster with MONITOR on every primary at once, summed.
/// </summary>
public static class CommandCounter
{
    public static async Task<CommandCount> CountAsync(RedisServerProcess server, ConnectionMultiplexer admin, Variant variant, int requests, Func<Task> sendRequests)
    {
        if (server.Engine == RedisEngine.Garnet)
        {
            return Tally(await new CommandStatsCounter(admin).CaptureAsync(sendRequests), requests);
        }

        // An app that does not use Redis never opens a connection: that counts as zero, not as an error.
        await using var monitor = await RedisMonitor.StartAsync(server, variant.RedisClientName, appMayNotConnect: !variant.UsesRedis);
        return Tally(await monitor.CaptureAsync(sendRequests), requests);
    }

    /// <summary>
    /// On a cluster, every command goes to the primary of its key's slot, so a MONITOR on each primary sees
    /// them all. The cluster client connects to every node, so each primary must see the app's connection.
    /// </summary>
    public static async Task<CommandCount> CountAsync(RedisCluster cluster, Variant variant, int requests, Func<Task> sendRequests)
    {
        var monitors = new List<RedisMonitor>();
        try
        {
            foreach (var primary in await cluster.PrimariesAsync())
            {
                monitors.Add(await RedisMonitor.StartAsync(primary, variant.RedisClientName, appMayNotConnect: !variant.UsesRedis));
            }

            return Tally(await new CombinedCounter(monitors).CaptureAsync(sendRequests), requests);
        }
        finally
        {
            foreach (var monitor in monitors)
            {
                await monitor.DisposeAsync();
            }
        }
    }

    /// <summary>How the commands of <paramref name="series"/> are counted, for the report.</summary>
    public static string Method(Series series) => series.Kind == SeriesKind.Cluster
        ? "`MONITOR` on every primary at once, summed: lines from the app's own connections only (found by client name); commands a Lua script runs inside Redis show as `lua` and are not round trips, so they are not counted"
        : Method(series.Engine);

    public static string Method(RedisEngine engine) => engine == RedisEngine.Garnet
        ? "`INFO commandstats` deltas (Garnet has no MONITOR): server-wide while only the measured app is busy, the harness's own INFO calls left out; commands a script runs inside the server count too"
        : "`MONITOR`: lines from the app's own connections only (found by client name); commands a Lua script runs inside Redis show as `lua` and are not round trips, so they are not counted";

    private static CommandCount Tally(CapturedCommands captured, int requests)
    {
        var byCommand = captured.GroupBy(CapturedCommands.NameOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (double)g.Count() / requests, StringComparer.Ordinal);
        return new CommandCount((double)captured.Count / requests, byCommand, captured.InsideScripts ?? 0, requests);
    }
}
