using System.Text;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;
using SessionSample.Testing;
using static SessionSample.Benchmarks.Output.Markdown;

namespace SessionSample.Benchmarks.Output;

/// <summary>bench/results/results.md: the machine, the targets, the summaries, then every table the run produced.</summary>
public static class ResultsMarkdown
{
    public const string ThroughputChart = "chart.svg";
    public const string LatencyChart = "latency.svg";

    public static string Write(BenchResults results)
    {
        var md = new StringBuilder();
        var options = results.Options;
        var machine = results.Machine;

        md.AppendLine("# Session benchmarks: the SessionSample store, ASP.NET Core's built-in session, no session and the one-round-trip ceiling");
        md.AppendLine();
        md.AppendLine("Produced by:");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine($"dotnet run -c Release --project bench/SessionSample.Benchmarks{(options.CommandLine.Length > 0 ? " -- " + options.CommandLine : "")}");
        md.AppendLine("```");
        md.AppendLine();
        Markdown.Table(md, ["Machine", ""], "ll",
        [
            ["Date (UTC)", Invariant($"{machine.Date:yyyy-MM-dd HH:mm}")],
            ["CPU", $"{machine.Cores} cores (`nproc`), {machine.Cpu}"],
            ["Memory", machine.Memory],
            ["OS", machine.Os],
            [".NET", $"{machine.DotNetRuntime}, SDK {machine.DotNetSdk}"],
            ["Servers", string.Join("; ", results.DirectSeries.Select(s => s.ServerVersion)) + ", loopback, password, no persistence"],
            ["Load", $"{results.LoadGenerator}, a separate process"],
            ["Rounds", Invariant($"{options.Rounds} × {options.Duration.TotalSeconds:0.#} s per measurement on {options.PrimaryEngine.Name()}, {options.SideRounds} × elsewhere, after {options.WarmUp.TotalSeconds:0.#} s warm-up per app and scenario; medians reported")],
            .. results.Cpu is { } cpu
                ? new[] { (IReadOnlyList<string>)["CPU share during the run", Invariant($"this benchmark (apps, Redis, proxy, load) {cpu.OursPercent:F0}%, other processes {cpu.OthersPercent:F0}% of the machine over {cpu.Seconds:F0} s")] }
                : [],
        ]);
        md.AppendLine();
        md.AppendLine("The apps, Redis, the delay proxy and the load generator share the same cores, so absolute numbers are low;");
        md.AppendLine("compare implementations by their ratios, all measured in one run.");
        if (results.Cpu is { OthersPercent: > 5 } busy)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"**Caution:** other processes (for example builds running alongside) used {busy.OthersPercent:F0}% of the machine during this run; the numbers are noisier than on an idle machine."));
        }

        if (options.Quick)
        {
            md.AppendLine();
            md.AppendLine("**This was a `--quick` run** (one short round): good for spotting regressions, not for quoting.");
        }

        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        SummarySections.WriteTargets(md, results);

        md.AppendLine();
        md.AppendLine("## Every implementation");
        foreach (var series in results.LoopbackSeries)
        {
            md.AppendLine();
            SummarySections.WriteImplementations(md, series);
        }

        md.AppendLine();
        md.AppendLine($"![Requests per second]({ThroughputChart})");
        md.AppendLine();
        md.AppendLine("## Redis Cluster");
        md.AppendLine();
        ClusterSections.Write(md, results);
        md.AppendLine();
        md.AppendLine("## Cloud latency");
        md.AppendLine();
        SummarySections.WriteLatency(md, results);
        if (results.LatencySeries.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"![p50 latency behind the delay proxy]({LatencyChart})");
        }

        foreach (var series in results.DirectSeries)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"## Loopback on {series.ServerVersion} (median of {series.Series.Rounds} round(s))"));
            LoopbackSections.Write(md, series);
        }

        WriteMethod(md, results);
        return md.ToString();
    }

    private static void WriteMethod(StringBuilder md, BenchResults results)
    {
        md.AppendLine();
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine("- Otherwise identical Kestrel apps, each in its own process, on one fresh server per series:");
        foreach (var variant in results.Options.Variants)
        {
            md.AppendLine($"  **{variant.Title}** ({variant.Description});");
        }

        md.AppendLine("  all register the same Redis connections (Aspire's `AddRedisClient`, tracing and health checks off) and call `ISession.LoadAsync` before use.");
        md.AppendLine(Invariant($"- Every request of an app with sessions carries the cookie of a seeded session holding a 10-item cart ({Cart.SeedJson.Length} bytes of JSON);"));
        md.AppendLine("  the write scenarios use a second seeded session so the read session stays as seeded.");
        md.AppendLine("- Rounds alternate the apps (a, b, c, then b, c, a, ...) so drift on the shared machine cancels out; the");
        md.AppendLine("  tables show the median per cell, with ± half the range over the rounds. A non-zero error count is shown");
        md.AppendLine("  next to the throughput it belongs to. Per-round numbers are in `raw/` (not committed).");
        md.AppendLine("- Cloud latency: the delay proxy (`DelayProxy` in tests/SessionSample.Testing) runs in a process of its own between");
        md.AppendLine("  the apps and Redis and holds each chunk for the one-way delay in each direction, on one sending thread that sleeps");
        md.AppendLine("  in the kernel until just before each chunk is due and spins the rest (Task.Delay cannot wait under a millisecond).");
        md.AppendLine("- The latency targets are checked at the fewest connections, where a request's latency is its round trips and not");
        md.AppendLine("  a queue behind a busy CPU; the most connections are shown as context.");
        if (results.Cluster is not null)
        {
            md.AppendLine("- Redis Cluster: `RedisCluster` in tests/SessionSample.Testing (the launcher the tests use) starts six redis-server");
            md.AppendLine("  nodes in cluster mode on free loopback ports, their cluster bus on free ports too (`--cluster-port`), one password");
            md.AppendLine("  for clients and replication, and joins them with `redis-cli --cluster create --cluster-replicas 1`; the series");
            md.AppendLine("  starts once every node reports `cluster_state:ok` with every slot served. Sessions are not sized there (`KEYS`");
            md.AppendLine("  needs one server; a session's bytes do not depend on the topology).");
        }

        var warnings = results.Series.SelectMany(s => s.AppWarnings.Select(w => $"{s.Series.Title}: {w}")).ToList();
        if (warnings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Warnings the apps logged:");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var warning in warnings)
            {
                md.AppendLine(warning.Length > 2_000 ? warning[..2_000] + " ..." : warning);
            }

            md.AppendLine("```");
        }
    }
}
