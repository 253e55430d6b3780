using System.Text;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;
using SessionSample.Testing;
using static SessionSample.Benchmarks.Output.Markdown;

namespace SessionSample.Benchmarks.Output;

/// <summary>The sections results.md and docs/benchmarks.md share: the machine, the targets, one row per implementation, cloud latency.</summary>
internal static class SummarySections
{
    /// <summary>One sentence: when, on what, with which servers and load, how many rounds.</summary>
    public static string MachineLine(BenchResults results)
    {
        var m = results.Machine;
        var versions = results.DirectSeries.Select(s => s.ServerVersion).ToList();
        var servers = versions.Count < 2 ? string.Join("", versions) : $"{string.Join(", ", versions[..^1])} and {versions[^1]}";
        var rounds = Invariant($"medians of {results.Options.Rounds} round(s) of {results.Options.Duration.TotalSeconds:0.#} s on {results.Options.PrimaryEngine.Name()} and {results.Options.SideRounds} elsewhere");
        return $"Measured {m.Date:yyyy-MM-dd HH:mm} UTC on {m.Cores} cores ({m.Cpu}), {m.Memory}, {m.Os}, {m.DotNetRuntime}, with {servers}; "
            + $"load from {results.LoadGenerator}; {rounds}. The apps, Redis, the proxy and the load share the cores."
            + (results.Options.Quick ? " **A `--quick` run: for spotting regressions, not for quoting.**" : "")
            + (results.Cpu is { OthersPercent: > 5 } busy ? Invariant($" **Other processes used {busy.OthersPercent:F0}% of the machine meanwhile: noisy.**") : "");
    }

    public static void WriteTargets(StringBuilder md, BenchResults results)
    {
        Markdown.Table(md, ["Issue", "Target", "Measured", "Met"], "llll",
            Targets.Check(results).Select(c => (IReadOnlyList<string>)[c.Issue, c.Target, c.Measured, c.Met switch { true => "yes", false => "**no**", null => "—" }]));
    }

    /// <summary>One row per implementation: a feature added as a variant gets its row, with its cost against the others.</summary>
    public static void WriteImplementations(StringBuilder md, SeriesResult series)
    {
        var top = series.Series.TopConnections;
        var variants = series.Series.Variants;
        string Rps(Variant v, Scenario s) => series.Summarize(s, top, v) is { } x ? Number(x.RequestsPerSecond) : "—";
        string Versus(Variant v, Scenario s, Variant baseline) =>
            variants.Contains(baseline) && series.Summarize(s, top, v) is { } a && series.Summarize(s, top, baseline) is { } b
                ? Ratio(a.RequestsPerSecond / b.RequestsPerSecond)
                : "—";
        string Cpu(Variant v) => string.Join(" / ", new[] { Scenario.Read, Scenario.WriteOne }.Select(s => series.Summarize(s, top, v) is { } x ? Number(x.AppCpuMicros) : "—"));
        string Commands(Variant v) => series.Commands.Count == 0
            ? "—"
            : string.Join(" / ", new[] { Scenario.Untouched, Scenario.Read, Scenario.WriteOne }.Select(s => series.Commands.TryGetValue((v, s.Name), out var c) ? Invariant($"{c.PerRequest:0.##}") : "—"));

        md.AppendLine(Invariant($"{series.ServerVersion}, loopback, {top} connections:"));
        md.AppendLine();
        Markdown.Table(md,
            ["Implementation", "read req/s", "read ÷ ceiling", "read ÷ built-in", "read ÷ no session", "one-key write req/s", "write ÷ built-in", "app CPU µs per read / write", "Redis commands untouched / read / write"],
            "lrrrrrrrr",
            variants.Select(v => (IReadOnlyList<string>)
            [
                v == Variant.Store ? $"**{v.Title}**" : v.Title,
                Rps(v, Scenario.Read), Versus(v, Scenario.Read, Variant.Ceiling), Versus(v, Scenario.Read, Variant.Builtin), Versus(v, Scenario.Read, Variant.None),
                Rps(v, Scenario.WriteOne), Versus(v, Scenario.WriteOne, Variant.Builtin), Cpu(v), Commands(v),
            ]));
    }

    /// <summary>What the delay proxy really added, then per scenario p50, p99 and req/s at every delay.</summary>
    public static void WriteLatency(StringBuilder md, BenchResults results)
    {
        var latency = results.LatencySeries;
        if (latency.Count == 0)
        {
            md.AppendLine("No latency series in this run (`--delays none`).");
            return;
        }

        md.AppendLine($"The apps reach {latency[0].ServerVersion} through the delay proxy, which holds every chunk the given time in each direction. "
            + "Measured: the median of sequential PINGs straight to Redis and through the proxy before the load, and how late the proxy sent its chunks during the load; "
            + "the proxy's own CPU per request is in the last column.");
        md.AppendLine();
        Markdown.Table(md, ["One way (nominal)", "Round trip (nominal)", "PING direct", "PING through the proxy", "Added per round trip (measured)", "Chunks sent late under load: p50 / p99"], "rrrrrr",
            latency.Select(s => (IReadOnlyList<string>)
            [
                Invariant($"{Series.Milliseconds(s.Series.OneWay!.Value)} ms"),
                Invariant($"{Series.Milliseconds(s.Series.OneWay!.Value * 2)} ms"),
                s.RoundTrip is { } t ? Invariant($"{t.DirectMicros:F0} µs") : "—",
                s.RoundTrip is { } u ? Invariant($"{u.ProxiedMicros:F0} µs") : "—",
                s.RoundTrip is { } a ? Invariant($"+{a.AddedMicros / 1000:F3} ms") : "—",
                s.Lateness is { Chunks: > 0 } l ? Invariant($"{l.P50Micros:F0} / {l.P99Micros:F0} µs") : "—",
            ]));

        var variants = latency[0].Series.Variants;
        var names = string.Join(" / ", variants.Select(v => v.ShortTitle));
        var ratios = variants.Contains(Variant.Store) ? variants.Where(v => v != Variant.Store).ToList() : [];
        foreach (var scenario in latency[0].Series.Scenarios)
        {
            md.AppendLine();
            md.AppendLine($"**{scenario.Title}** (`GET {scenario.Path}`):");
            md.AppendLine();
            var headers = new List<string> { "Round trip (nominal)", "Connections", $"p50 ms ({names})" };
            headers.AddRange(ratios.Select(b => $"p50 store ÷ {b.ShortTitle}"));
            headers.Add($"p99 ms ({names})");
            headers.Add($"req/s ({names})");
            headers.AddRange(ratios.Select(b => $"req/s store ÷ {b.ShortTitle}"));
            headers.Add($"proxy CPU µs/req ({names})");
            var rows = latency.SelectMany(s => s.Series.Connections.Select(c =>
            {
                var cells = variants.ToDictionary(v => v, v => s.Summarize(scenario, c, v));
                string Each(Func<Summary, string> cell) => string.Join(" / ", variants.Select(v => cells[v] is { } x ? cell(x) : "—"));
                string Versus(Variant b, Func<Summary, double> value) => cells[Variant.Store] is { } st && cells[b] is { } bs ? Ratio(value(st) / value(bs)) : "—";
                var row = new List<string> { Invariant($"{Series.Milliseconds(s.Series.OneWay!.Value * 2)} ms"), Invariant($"{c}"), Each(x => Number(x.P50Milliseconds, "F2")) };
                row.AddRange(ratios.Select(b => Versus(b, x => x.P50Milliseconds)));
                row.Add(Each(x => Number(x.P99Milliseconds, "F2")));
                row.Add(Each(x => Number(x.RequestsPerSecond)));
                row.AddRange(ratios.Select(b => Versus(b, x => x.RequestsPerSecond)));
                row.Add(Each(x => Number(x.ProxyCpuMicros)));
                return (IReadOnlyList<string>)row;
            }));
            Markdown.Table(md, headers, "rr" + new string('r', headers.Count - 2), rows);
        }
    }
}
