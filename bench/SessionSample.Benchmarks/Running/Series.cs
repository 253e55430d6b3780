using SessionSample.Benchmarks.Hosting;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Running;

public enum SeriesKind
{
    /// <summary>Apps and Redis on loopback: CPU decides. Also counts commands, sizes sessions and checks lost updates.</summary>
    Loopback,

    /// <summary>The apps reach Redis through the delay proxy, as across a network hop in the cloud: round trips decide.</summary>
    Latency,

    /// <summary>
    /// A local 6-node Redis Cluster (<see cref="RedisCluster"/>) on loopback, reached through the cluster client:
    /// what routing by slot costs. Also counts commands (MONITOR on every primary) and checks lost updates.
    /// </summary>
    Cluster,
}

/// <summary>One set of apps on one fresh server, measured round by round: the unit the run is made of.</summary>
/// <param name="OneWay">The delay proxy's hold time per direction; null for a direct connection.</param>
public sealed record Series(
    SeriesKind Kind,
    RedisEngine Engine,
    TimeSpan? OneWay,
    IReadOnlyList<Variant> Variants,
    IReadOnlyList<Scenario> Scenarios,
    IReadOnlyList<int> Connections,
    int Rounds)
{
    public string Title => Kind switch
    {
        SeriesKind.Loopback => $"{Engine.Name()}, loopback",
        SeriesKind.Cluster => $"6-node Redis Cluster of {Engine.Name()}, loopback",
        _ => $"{Engine.Name()} behind the delay proxy, {Milliseconds(OneWay!.Value)} ms each way",
    };

    public int TopConnections => Connections.Max();

    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// What one run measures, in order: the primary engine on loopback in full, every other engine and the Redis
/// Cluster at the highest connection count, then the latency series.
/// </summary>
public static class BenchPlan
{
    public static IReadOnlyList<Series> From(RunOptions options)
    {
        var plan = new List<Series>
        {
            new(SeriesKind.Loopback, options.PrimaryEngine, null, options.Variants, options.Scenarios, options.Connections, options.Rounds),
        };
        plan.AddRange(options.Engines.Skip(1).Select(engine =>
            new Series(SeriesKind.Loopback, engine, null, options.Variants, options.Scenarios, [options.TopConnections], options.SideRounds)));
        if (options.ClusterVariants.Count > 0 && options.ClusterScenarios.Count > 0)
        {
            // The cluster launcher makes it of redis-server nodes (redis-cli --cluster create), whatever --engines says.
            plan.Add(new Series(SeriesKind.Cluster, RedisEngine.RedisServer, null, options.ClusterVariants, options.ClusterScenarios, [options.TopConnections], options.SideRounds));
        }

        if (options.LatencyVariants.Count > 0 && options.LatencyScenarios.Count > 0)
        {
            plan.AddRange(options.Delays.Select(delay =>
                new Series(SeriesKind.Latency, options.PrimaryEngine, delay, options.LatencyVariants, options.LatencyScenarios, options.LatencyConnections, options.SideRounds)));
        }

        return plan;
    }
}
