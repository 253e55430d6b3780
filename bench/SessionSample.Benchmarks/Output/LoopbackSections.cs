using System.Text;
using System.Text.RegularExpressions;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Redis;
using SessionSample.Benchmarks.Running;
using static SessionSample.Benchmarks.Output.Markdown;

namespace SessionSample.Benchmarks.Output;

/// <summary>The full tables of one loopback series: throughput and latency per scenario, CPU, commands, bytes, lost updates.</summary>
internal static partial class LoopbackSections
{
    public static void Write(StringBuilder md, SeriesResult series)
    {
        WriteThroughput(md, series);
        WriteCpu(md, series);
        WriteCommands(md, series);
        WriteSizes(md, series);
        WriteLostUpdates(md, series);
    }

    private static void WriteThroughput(StringBuilder md, SeriesResult series)
    {
        var variants = series.Series.Variants;
        var ratios = variants.Contains(Variant.Store) ? variants.Where(v => v != Variant.Store).ToList() : [];
        var names = string.Join(" / ", variants.Select(v => v.ShortTitle));
        foreach (var scenario in series.Series.Scenarios)
        {
            md.AppendLine();
            md.AppendLine($"#### {scenario.Title} (`GET {scenario.Path}`)");
            md.AppendLine();
            var headers = new List<string> { "Connections" };
            headers.AddRange(variants.Select(v => $"req/s {v.Title}"));
            headers.AddRange(ratios.Select(b => $"store ÷ {b.Title}"));
            headers.Add($"p50 ms ({names})");
            headers.Add($"p99 ms ({names})");
            var rows = series.Series.Connections.Select(c =>
            {
                var cells = variants.ToDictionary(v => v, v => series.Summarize(scenario, c, v));
                var row = new List<string> { Invariant($"{c}") };
                row.AddRange(variants.Select(v => cells[v] is { } s ? Invariant($"{s.RequestsPerSecond:F0}{Spread(s)}{Errors(s)}") : "—"));
                row.AddRange(ratios.Select(b => cells[Variant.Store] is { } s && cells[b] is { } x ? Ratio(s.RequestsPerSecond / x.RequestsPerSecond) : "—"));
                row.Add(string.Join(" / ", variants.Select(v => cells[v] is { } s ? Number(s.P50Milliseconds, "F2") : "—")));
                row.Add(string.Join(" / ", variants.Select(v => cells[v] is { } s ? Number(s.P99Milliseconds, "F2") : "—")));
                return (IReadOnlyList<string>)row;
            });
            Markdown.Table(md, headers, new string('r', headers.Count), rows);
        }
    }

    /// <summary>Where the time goes: CPU per request in the app and in Redis, which explains the throughput on shared cores.</summary>
    private static void WriteCpu(StringBuilder md, SeriesResult series)
    {
        var top = series.Series.TopConnections;
        md.AppendLine();
        md.AppendLine(Invariant($"#### CPU per request at {top} connections"));
        md.AppendLine();
        var redis = series.Series.Kind == SeriesKind.Cluster ? "the six Redis Cluster nodes together" : "the Redis process";
        md.AppendLine($"Microseconds of CPU the app process and {redis} used per request during the load runs (from `/proc`, medians).");
        md.AppendLine();
        Markdown.Table(md,
            ["Request", .. series.Series.Variants.Select(v => $"{v.Title}: app / Redis µs")],
            "l" + new string('r', series.Series.Variants.Count),
            series.Series.Scenarios.Select(scenario => (IReadOnlyList<string>)
                [scenario.Title, .. series.Series.Variants.Select(v => series.Summarize(scenario, top, v) is { } s ? $"{Number(s.AppCpuMicros)} / {Number(s.RedisCpuMicros)}" : "—")]));
    }

    private static void WriteCommands(StringBuilder md, SeriesResult series)
    {
        md.AppendLine();
        md.AppendLine("#### Redis commands per request");
        md.AppendLine();
        if (series.CommandCountingProblem is { } problem)
        {
            md.AppendLine($"Not counted: {problem}");
            return;
        }

        var requests = series.Commands.Count == 0 ? 1 : series.Commands.Values.First().Requests;
        md.AppendLine(Invariant($"Counted while {requests} sequential requests ran, with {CommandCounter.Method(series.Series)}."));
        md.AppendLine();
        var variants = series.Series.Variants;
        var talking = variants.Where(v => v.UsesRedis).ToList();
        Markdown.Table(md,
            ["Request", .. variants.Select(v => v.Title), .. talking.Select(v => $"{v.Title}: commands")],
            "l" + new string('r', variants.Count) + new string('l', talking.Count),
            series.Series.Scenarios.Select(scenario => (IReadOnlyList<string>)
            [
                scenario.Title,
                .. variants.Select(v => series.Commands.TryGetValue((v, scenario.Name), out var c) ? Invariant($"{c.PerRequest:0.##}") : "—"),
                .. talking.Select(v => series.Commands.TryGetValue((v, scenario.Name), out var c)
                    ? c.Breakdown + (c.ScriptInternal > 0 ? Invariant($" (+{(double)c.ScriptInternal / c.Requests:0.##} inside scripts)") : "")
                    : "—"),
            ]));
    }

    private static void WriteSizes(StringBuilder md, SeriesResult series)
    {
        if (series.Sizes.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine("#### Bytes per session");
        md.AppendLine();
        md.AppendLine(Invariant($"A fresh session holding the 10-item cart (one JSON value of {Cart.SeedJson.Length} bytes); every key it created, sized with `MEMORY USAGE key SAMPLES 0`."));
        md.AppendLine();
        Markdown.Table(md, ["Implementation", "Bytes", "Keys", "Encoding", "Hash fields"], "lrlll",
            series.Series.Variants.Where(series.Sizes.ContainsKey).Select(v => (v, size: series.Sizes[v])).Select(x => (IReadOnlyList<string>)
            [
                x.v.Title, Invariant($"{x.size.Bytes}"), Invariant($"{x.size.Keys.Count} ({string.Join(", ", x.size.Keys.Select(Redact))})"),
                string.Join(", ", x.size.Encodings), string.Join(", ", x.size.Fields.Select(f => $"`{f}`")),
            ]));
    }

    private static void WriteLostUpdates(StringBuilder md, SeriesResult series)
    {
        if (series.LostUpdates.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine("#### Lost updates");
        md.AppendLine();
        md.AppendLine("50 requests at once under one cookie, each setting a different key; then the session's keys are read back.");
        md.AppendLine();
        Markdown.Table(md, ["Implementation", "Lost per attempt"], "ll",
            series.Series.Variants.Where(series.LostUpdates.ContainsKey).Select(v => (IReadOnlyList<string>)
                [v.Title, string.Join(", ", series.LostUpdates[v].Select(o => $"{o.Lost} of {o.Written}"))]));
    }

    private static string Spread(Summary summary) => summary.Rounds > 1 ? Invariant($" ±{summary.Spread * 100:F0}%") : "";

    public static string Errors(Summary summary) => summary.Errors > 0 ? Invariant($" ({summary.Errors} errors)") : "";

    /// <summary>Session ids are credentials: keep the key's shape, not the id.</summary>
    private static string Redact(string key) => $"`{LongToken().Replace(key, "<id>")}`";

    [GeneratedRegex(@"[A-Za-z0-9_\-+/=]{16,}")]
    private static partial Regex LongToken();
}
