using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Redis;
using SessionSample.Benchmarks.Running;

namespace SessionSample.Benchmarks.Output;

/// <summary>bench/results/results.md: the machine, the targets, then every table the run produced.</summary>
public static partial class ResultsMarkdown
{
    public static string Write(BenchResults results)
    {
        var md = new StringBuilder();
        var options = results.Options;
        var machine = results.Machine;

        md.AppendLine("# Session benchmarks: SessionSample store vs ASP.NET Core's built-in session vs no session");
        md.AppendLine();
        md.AppendLine("Produced by:");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine($"dotnet run -c Release --project bench/SessionSample.Benchmarks{(options.CommandLine.Length > 0 ? " -- " + options.CommandLine : "")}");
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| Machine | |");
        md.AppendLine("|---|---|");
        md.AppendLine($"| Date (UTC) | {machine.Date:yyyy-MM-dd HH:mm} |");
        md.AppendLine($"| CPU | {machine.Cores} cores (`nproc`), {machine.Cpu} |");
        md.AppendLine($"| Memory | {machine.Memory} |");
        md.AppendLine($"| OS | {machine.Os} |");
        md.AppendLine($"| .NET | {machine.DotNetRuntime}, SDK {machine.DotNetSdk} |");
        md.AppendLine($"| Redis | {results.RedisVersion}, loopback, password, no persistence |");
        md.AppendLine($"| Load | {results.LoadGenerator}, a separate process |");
        md.AppendLine(Invariant($"| Rounds | {options.Rounds} × {options.Duration.TotalSeconds:0.#} s per measurement, after {options.WarmUp.TotalSeconds:0.#} s warm-up per app and scenario; medians reported |"));
        if (results.Cpu is { } cpu)
        {
            md.AppendLine(Invariant($"| CPU share during the run | this benchmark (apps, Redis, load) {cpu.OursPercent:F0}%, other processes {cpu.OthersPercent:F0}% of the machine over {cpu.Seconds:F0} s |"));
        }

        md.AppendLine();
        md.AppendLine("The apps, Redis and the load generator share the same cores, so absolute numbers are low and the");
        md.AppendLine("no-session app is the ceiling; compare implementations by their ratios, all measured in one run.");
        if (results.Cpu is { OthersPercent: > 5 } busy)
        {
            md.AppendLine();
            md.AppendLine(Invariant($"**Caution:** other processes (for example builds running alongside) used {busy.OthersPercent:F0}% of the machine during this run; the numbers are noisier than on an idle machine."));
        }

        if (!options.Variants.Contains(Variant.Store))
        {
            md.AppendLine();
            md.AppendLine("**The SessionSample store was not part of this run** (`--impls` left it out): its columns and targets read \"not measured\".");
        }

        if (options.Quick)
        {
            md.AppendLine();
            md.AppendLine("**This was a `--quick` run** (one short round): good for spotting regressions, not for quoting.");
        }

        WriteTargets(md, results);
        WriteThroughput(md, results);
        WriteCpu(md, results);
        WriteCommands(md, results);
        WriteSizes(md, results);
        WriteLostUpdates(md, results);
        WriteMethod(md, results);
        return md.ToString();
    }

    private static void WriteTargets(StringBuilder md, BenchResults results)
    {
        md.AppendLine();
        md.AppendLine("## Targets (issue 5)");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Met |");
        md.AppendLine("|---|---|---|");
        foreach (var check in Targets.Check(results))
        {
            md.AppendLine($"| {check.Target} | {check.Measured} | {check.Met switch { true => "yes", false => "**no**", null => "—" }} |");
        }
    }

    private static void WriteThroughput(StringBuilder md, BenchResults results)
    {
        var variants = results.Variants;
        md.AppendLine();
        md.AppendLine(Invariant($"## Throughput and latency (median of {results.Options.Rounds} round(s))"));
        md.AppendLine();
        md.AppendLine(Invariant($"![Requests per second at {results.TopConnections} connections](chart.svg)"));
        foreach (var scenario in results.Options.Scenarios)
        {
            md.AppendLine();
            md.AppendLine($"### {scenario.Title} (`GET {scenario.Path}`)");
            md.AppendLine();
            var header = new StringBuilder("| Connections |");
            var rule = new StringBuilder("|---:|");
            foreach (var variant in variants)
            {
                header.Append($" req/s {variant.Title()} |");
                rule.Append("---:|");
            }

            var ratios = variants.Contains(Variant.Store) ? variants.Where(v => v != Variant.Store).ToList() : [];
            foreach (var baseline in ratios)
            {
                header.Append($" store ÷ {baseline.Title()} |");
                rule.Append("---:|");
            }

            header.Append($" p50 ms ({string.Join(" / ", variants.Select(Short))}) | p99 ms ({string.Join(" / ", variants.Select(Short))}) |");
            rule.Append("---:|---:|");
            md.AppendLine(header.ToString());
            md.AppendLine(rule.ToString());

            foreach (var connections in results.Options.Connections)
            {
                var summaries = variants.ToDictionary(v => v, v => results.Summarize(scenario, connections, v));
                var row = new StringBuilder(Invariant($"| {connections} |"));
                foreach (var variant in variants)
                {
                    row.Append(summaries[variant] is { } s ? Invariant($" {s.RequestsPerSecond:F0}{Spread(s)}{Errors(s)} |") : " — |");
                }

                foreach (var baseline in ratios)
                {
                    row.Append(summaries[Variant.Store] is { } s && summaries[baseline] is { } b
                        ? Invariant($" {s.RequestsPerSecond / b.RequestsPerSecond:F2} × |")
                        : " — |");
                }

                row.Append($" {string.Join(" / ", variants.Select(v => summaries[v] is { } s ? Invariant($"{s.P50Milliseconds:F2}") : "—"))} |");
                row.Append($" {string.Join(" / ", variants.Select(v => summaries[v] is { } s ? Invariant($"{s.P99Milliseconds:F2}") : "—"))} |");
                md.AppendLine(row.ToString());
            }
        }
    }

    /// <summary>Where the time goes: CPU per request in the app and in Redis, which explains the throughput on shared cores.</summary>
    private static void WriteCpu(StringBuilder md, BenchResults results)
    {
        var top = results.TopConnections;
        md.AppendLine();
        md.AppendLine(Invariant($"## CPU per request at {top} connections"));
        md.AppendLine();
        md.AppendLine("Microseconds of CPU the app process and the Redis process used per request during the load runs (from `/proc`, medians).");
        md.AppendLine("On a machine whose cores are shared, this is what throughput is traded against.");
        md.AppendLine();
        md.AppendLine($"| Request | {string.Join(" | ", results.Variants.Select(v => $"{v.Title()}: app / Redis µs"))} |");
        md.AppendLine($"|---|{string.Concat(results.Variants.Select(_ => "---:|"))}");
        foreach (var scenario in results.Options.Scenarios)
        {
            var cells = results.Variants.Select(v => results.Summarize(scenario, top, v) is { } s ? Invariant($"{s.AppCpuMicros:F0} / {s.RedisCpuMicros:F0}") : "—");
            md.AppendLine($"| {scenario.Title} | {string.Join(" | ", cells)} |");
        }
    }

    private static void WriteCommands(StringBuilder md, BenchResults results)
    {
        md.AppendLine();
        md.AppendLine("## Redis commands per request");
        md.AppendLine();
        if (results.CommandCountingProblem is { } problem)
        {
            md.AppendLine($"Not counted: {problem}");
            return;
        }

        md.AppendLine(Invariant($"Counted while {results.Options.CountedRequests} sequential requests ran, with {CommandCounter.Method(results.Options.Engine)}."));
        md.AppendLine();
        var sessionVariants = results.Variants.Where(v => v != Variant.None).ToList();
        md.AppendLine($"| Request | {string.Join(" | ", results.Variants.Select(v => v.Title()))} | {string.Join(" | ", sessionVariants.Select(v => $"{v.Title()}: commands"))} |");
        md.AppendLine($"|---|{string.Concat(results.Variants.Select(_ => "---:|"))}{string.Concat(sessionVariants.Select(_ => "---|"))}");
        foreach (var scenario in results.Options.Scenarios)
        {
            var counts = results.Variants.Select(v => results.Commands.TryGetValue((v, scenario.Name), out var c) ? Invariant($"{c.PerRequest:0.##}") : "—");
            var breakdowns = sessionVariants.Select(v => results.Commands.TryGetValue((v, scenario.Name), out var c)
                ? c.Breakdown + (c.ScriptInternal > 0 ? Invariant($" (+{(double)c.ScriptInternal / results.Options.CountedRequests:0.##} inside scripts)") : "")
                : "—");
            md.AppendLine($"| {scenario.Title} | {string.Join(" | ", counts)} | {string.Join(" | ", breakdowns)} |");
        }
    }

    private static void WriteSizes(StringBuilder md, BenchResults results)
    {
        if (results.Sizes.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine("## Bytes per session");
        md.AppendLine();
        md.AppendLine(Invariant($"A fresh session holding the 10-item cart (one JSON value of {Cart.SeedJson.Length} bytes); every key it created, sized with `MEMORY USAGE key SAMPLES 0`."));
        md.AppendLine("A value longer than `hash-max-listpack-value` (64 bytes) makes Redis store the hash as a hashtable, where every field costs an entry of its own.");
        md.AppendLine();
        md.AppendLine("| Implementation | Bytes | Keys | Encoding | Hash fields |");
        md.AppendLine("|---|---:|---|---|---|");
        foreach (var (variant, size) in results.Sizes.OrderBy(s => s.Key))
        {
            md.AppendLine(Invariant($"| {variant.Title()} | {size.Bytes} | {size.Keys.Count} ({string.Join(", ", size.Keys.Select(Redact))}) | {string.Join(", ", size.Encodings)} | {string.Join(", ", size.Fields.Select(f => $"`{f}`"))} |"));
        }
    }

    private static void WriteLostUpdates(StringBuilder md, BenchResults results)
    {
        if (results.LostUpdates.Count == 0)
        {
            return;
        }

        md.AppendLine();
        md.AppendLine("## Lost updates");
        md.AppendLine();
        md.AppendLine("50 requests at once under one cookie, each setting a different key; then the session's keys are read back.");
        md.AppendLine();
        md.AppendLine("| Implementation | Lost per attempt |");
        md.AppendLine("|---|---|");
        foreach (var (variant, outcomes) in results.LostUpdates.OrderBy(l => l.Key))
        {
            md.AppendLine($"| {variant.Title()} | {string.Join(", ", outcomes.Select(o => $"{o.Lost} of {o.Written}"))} |");
        }
    }

    private static void WriteMethod(StringBuilder md, BenchResults results)
    {
        md.AppendLine();
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine("- Three otherwise identical Kestrel apps, each in its own process, on one Redis: no session middleware");
        md.AppendLine("  (its endpoints do the same work on a per-request dictionary), `AddSession` + `AddStackExchangeRedisCache`,");
        md.AppendLine("  and `AddRedisSessions` + `UseRedisSessions`. All register the same Redis connections (Aspire's");
        md.AppendLine("  `AddRedisClient`, tracing and health checks off in all three) and call `ISession.LoadAsync` before use.");
        md.AppendLine(Invariant($"- Every request carries the cookie of a seeded session holding a 10-item cart ({Cart.SeedJson.Length} bytes of JSON);"));
        md.AppendLine("  the write scenarios use a second seeded session so the read session stays as seeded.");
        md.AppendLine("- Rounds alternate the apps (a, b, c, then b, c, a, ...) so drift on the shared machine cancels out; the");
        md.AppendLine("  table shows the median per cell, with ± half the range over the rounds. A non-zero error count is shown");
        md.AppendLine("  next to the throughput it belongs to. Per-round numbers are in `raw/` (not committed).");
        if (results.AppWarnings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Warnings the apps logged:");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var warning in results.AppWarnings)
            {
                md.AppendLine(warning.Length > 2_000 ? warning[..2_000] + " ..." : warning);
            }

            md.AppendLine("```");
        }
    }

    private static string Spread(Summary summary) => summary.Rounds > 1 ? Invariant($" ±{summary.Spread * 100:F0}%") : "";

    private static string Errors(Summary summary) => summary.Errors > 0 ? Invariant($" ({summary.Errors} errors)") : "";

    private static string Short(Variant variant) => variant switch
    {
        Variant.None => "none",
        Variant.Builtin => "built-in",
        _ => "store",
    };

    /// <summary>Session ids are credentials: keep the key's shape, not the id.</summary>
    private static string Redact(string key) => $"`{LongToken().Replace(key, "<id>")}`";

    [GeneratedRegex(@"[A-Za-z0-9_\-+/=]{16,}")]
    private static partial Regex LongToken();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
