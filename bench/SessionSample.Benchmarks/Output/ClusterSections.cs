using System.Text;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;
using SessionSample.Testing;
using static SessionSample.Benchmarks.Output.Markdown;

namespace SessionSample.Benchmarks.Output;

/// <summary>
/// The Redis Cluster series in brief: each app's figures on the cluster, then what the cluster client costs
/// the store, against the store on one redis-server in the same run and against the other apps on the cluster.
/// </summary>
internal static class ClusterSections
{
    private static readonly Scenario[] s_shown = [Scenario.Read, Scenario.WriteOne];

    public static void Write(StringBuilder md, BenchResults results)
    {
        if (results.Cluster is not { } cluster)
        {
            md.AppendLine("No Redis Cluster series in this run (`--no-cluster`, or no cluster apps or scenarios selected).");
            return;
        }

        var top = cluster.Series.TopConnections;
        md.AppendLine(Invariant($"The apps on {cluster.ServerVersion}: 3 primaries with a replica each, on loopback with a password, reached through StackExchange.Redis's cluster client, which sends every command to the primary of its key's slot; {top} connections. Redis CPU is the six nodes' together, replication included. Commands are counted with `MONITOR` on every primary at once, summed."));
        md.AppendLine();
        string Each(Variant v, Func<Summary, string> cell) =>
            string.Join(" / ", s_shown.Select(s => cluster.Summarize(s, top, v) is { } x ? cell(x) : "—"));
        string Rps(Variant v, Scenario s) => cluster.Summarize(s, top, v) is { } x ? Number(x.RequestsPerSecond) + LoopbackSections.Errors(x) : "—";
        string Latency(Variant v, Scenario s) => cluster.Summarize(s, top, v) is { } x ? $"{Number(x.P50Milliseconds, "F2")} / {Number(x.P99Milliseconds, "F2")}" : "—";
        string Commands(Variant v) => cluster.CommandCountingProblem is not null
            ? "—"
            : string.Join(" / ", s_shown.Select(s => cluster.Commands.TryGetValue((v, s.Name), out var c) ? Invariant($"{c.PerRequest:0.##}") : "—"));
        Markdown.Table(md,
            ["Implementation", "read req/s", "read p50 / p99 ms", "one-key write req/s", "write p50 / p99 ms", "app CPU µs per read / write", "Redis CPU µs per read / write (6 nodes)", "Redis commands per read / write"],
            "lrrrrrrr",
            cluster.Series.Variants.Select(v => (IReadOnlyList<string>)
            [
                v == Variant.Store ? $"**{v.Title}**" : v.Title,
                Rps(v, Scenario.Read), Latency(v, Scenario.Read), Rps(v, Scenario.WriteOne), Latency(v, Scenario.WriteOne),
                Each(v, x => Number(x.AppCpuMicros)), Each(v, x => Number(x.RedisCpuMicros)), Commands(v),
            ]));
        md.AppendLine();
        WriteCost(md, results, cluster);
    }

    /// <summary>The cost of the cluster client: the store on the cluster ÷ on one redis-server, and ÷ the other apps on the cluster.</summary>
    private static void WriteCost(StringBuilder md, BenchResults results, SeriesResult cluster)
    {
        var top = cluster.Series.TopConnections;
        var single = results.Loopback(RedisEngine.RedisServer);
        md.AppendLine(single is null
            ? "The cost of the cluster client: no redis-server loopback series in this run to compare with (`--engines` without redis-server)."
            : Invariant($"The cost of the cluster client: the store on the cluster against the store on one {single.ServerVersion} (the loopback series above, {top} connections, the same run; series run one after the other, so drift between them is in this ratio), and against the other apps on the cluster."));
        md.AppendLine();
        Summary? One(Scenario s) => single?.Summarize(s, top, Variant.Store);
        Summary? On(Scenario s, Variant v) => cluster.Summarize(s, top, v);
        string Pair(Summary? a, Summary? b, Func<Summary, string> cell) => $"{(a is null ? "—" : cell(a))} / {(b is null ? "—" : cell(b))}";
        string Versus(Summary? a, Summary? b, Func<Summary, double> value) => a is null || b is null ? "—" : Ratio(value(a) / value(b));
        var others = cluster.Series.Variants.Where(v => v != Variant.Store).ToList();
        Markdown.Table(md,
            ["Request", "store req/s: one server / cluster", "store: cluster ÷ one server", "store app CPU µs: one server / cluster", "store p50 ms: one server / cluster", .. others.Select(v => $"store ÷ {v.Title} on the cluster")],
            "l" + new string('r', 4 + others.Count),
            cluster.Series.Scenarios.Select(s => (IReadOnlyList<string>)
            [
                s.Title,
                Pair(One(s), On(s, Variant.Store), x => Number(x.RequestsPerSecond)),
                Versus(On(s, Variant.Store), One(s), x => x.RequestsPerSecond),
                Pair(One(s), On(s, Variant.Store), x => Number(x.AppCpuMicros)),
                Pair(One(s), On(s, Variant.Store), x => Number(x.P50Milliseconds, "F2")),
                .. others.Select(v => Versus(On(s, Variant.Store), On(s, v), x => x.RequestsPerSecond)),
            ]));
    }

    /// <summary>One line for the README: the store's read and write on the cluster ÷ on one redis-server.</summary>
    public static string? CostSentence(BenchResults results)
    {
        if (results.Cluster is not { } cluster || results.Loopback(RedisEngine.RedisServer) is not { } single)
        {
            return null;
        }

        var top = cluster.Series.TopConnections;
        var ratios = cluster.Series.Scenarios
            .Select(s => (s, on: cluster.Summarize(s, top, Variant.Store), one: single.Summarize(s, top, Variant.Store)))
            .Where(x => x.on is not null && x.one is not null)
            .Select(x => $"`{x.s.Name}` {Ratio(x.on!.RequestsPerSecond / x.one!.RequestsPerSecond)}")
            .ToList();
        return ratios.Count == 0
            ? null
            : $"What the cluster client costs: the store's req/s on the 6-node Redis Cluster ÷ on one redis-server, {top} connections: {string.Join(", ", ratios)}.";
    }
}
