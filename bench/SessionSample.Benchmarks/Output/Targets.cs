using System.Globalization;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Redis;
using SessionSample.Benchmarks.Running;

namespace SessionSample.Benchmarks.Output;

/// <summary>One target from issue 5, what this run measured against it, and whether it was met (null: not measured).</summary>
public sealed record TargetCheck(string Target, string Measured, bool? Met);

/// <summary>Checks the issue's targets for the store against this run's numbers; a miss says by how much.</summary>
public static class Targets
{
    private static readonly (Scenario Scenario, int Store, int Builtin)[] s_commandTargets =
    [
        (Scenario.Untouched, 0, 1),
        (Scenario.Read, 1, 4),
        (Scenario.WriteOne, 2, 4),
    ];

    public static IReadOnlyList<TargetCheck> Check(BenchResults results)
    {
        var checks = new List<TargetCheck>();
        var top = results.TopConnections;

        foreach (var (scenario, store, builtin) in s_commandTargets)
        {
            var target = $"Redis commands per request, {scenario.Title.ToLowerInvariant()}: store {store} (built-in {builtin})";
            var measured = results.Commands.TryGetValue((Variant.Store, scenario.Name), out var count) ? count : null;
            checks.Add(new TargetCheck(target, Describe(measured, results, scenario), measured is null ? null : Math.Abs(measured.PerRequest - store) < 0.05));
        }

        const string lostTarget = "Lost updates, 50 concurrent writes under one cookie: 0 of 50";
        checks.Add(results.LostUpdates.TryGetValue(Variant.Store, out var lost) && lost.Count > 0
            ? new TargetCheck(lostTarget, $"store lost {string.Join(", ", lost.Select(l => $"{l.Lost}/{l.Written}"))}{BuiltinLost(results)}", lost.All(l => l.Lost == 0))
            : NotMeasured(lostTarget));

        var read = Summaries(results, Scenario.Read, top);
        checks.Add(Ratio($"Read-only throughput at {top} connections: store ≥ 1.5 × built-in", read.Store, read.Builtin, 1.5, "built-in"));
        checks.Add(Ratio($"Read-only throughput at {top} connections: store ≥ 0.8 × no session", read.Store, read.None, 0.8, "no session"));
        if (read is { Store: { } s, Builtin: { } b, None: { } n })
        {
            // The data behind a throughput miss on shared cores: CPU per request.
            checks.Add(new TargetCheck(
                $"(context) CPU per read-only request at {top} connections, app + Redis",
                Format($"store {s.AppCpuMicros:F0} + {s.RedisCpuMicros:F0} µs, built-in {b.AppCpuMicros:F0} + {b.RedisCpuMicros:F0} µs, no session {n.AppCpuMicros:F0} + {n.RedisCpuMicros:F0} µs"),
                null));
        }

        foreach (var scenario in results.Options.Scenarios)
        {
            var (store, builtin, _) = Summaries(results, scenario, top);
            var target = $"p99 latency at {top} connections, {scenario.Title.ToLowerInvariant()}: store ≤ built-in";
            checks.Add(store is null || builtin is null
                ? NotMeasured(target)
                : new TargetCheck(target,
                    Format($"{store.P99Milliseconds:F2} ms vs {builtin.P99Milliseconds:F2} ms ({(store.P99Milliseconds / builtin.P99Milliseconds - 1) * 100:+0;-0}%)"),
                    store.P99Milliseconds <= builtin.P99Milliseconds));
        }

        const string bytesTarget = "Bytes per session (10-item cart): store ≤ built-in";
        checks.Add(results.Sizes.TryGetValue(Variant.Store, out var storeSize) && results.Sizes.TryGetValue(Variant.Builtin, out var builtinSize)
            ? new TargetCheck(bytesTarget, Format($"{storeSize.Bytes} B vs {builtinSize.Bytes} B ({(storeSize.Bytes - builtinSize.Bytes):+0;-0} B, {(storeSize.Bytes / (double)builtinSize.Bytes - 1) * 100:+0;-0}%); fields: store {string.Join(", ", storeSize.Fields)} / built-in {string.Join(", ", builtinSize.Fields)}"), storeSize.Bytes <= builtinSize.Bytes)
            : NotMeasured(bytesTarget));

        return checks;
    }

    private static string Describe(CommandCount? store, BenchResults results, Scenario scenario)
    {
        var storeText = store is null ? "store not measured" : Format($"store {store.PerRequest:0.##}");
        return results.Commands.TryGetValue((Variant.Builtin, scenario.Name), out var builtin)
            ? Format($"{storeText}, built-in {builtin.PerRequest:0.##}")
            : storeText;
    }

    private static string BuiltinLost(BenchResults results) =>
        results.LostUpdates.TryGetValue(Variant.Builtin, out var lost) && lost.Count > 0
            ? $"; built-in lost {string.Join(", ", lost.Select(l => $"{l.Lost}/{l.Written}"))}"
            : "";

    private static TargetCheck Ratio(string target, Summary? store, Summary? baseline, double needed, string baselineName)
    {
        if (store is null || baseline is null)
        {
            return NotMeasured(target);
        }

        var ratio = store.RequestsPerSecond / baseline.RequestsPerSecond;
        return new TargetCheck(target,
            Format($"{ratio:F2} × ({store.RequestsPerSecond:F0} vs {baselineName} {baseline.RequestsPerSecond:F0} req/s){(ratio < needed ? $"; short by {(needed - ratio) / needed * 100:F0}%" : "")}"),
            ratio >= needed);
    }

    public static (Summary? Store, Summary? Builtin, Summary? None) Summaries(BenchResults results, Scenario scenario, int connections) =>
        (results.Summarize(scenario, connections, Variant.Store),
         results.Summarize(scenario, connections, Variant.Builtin),
         results.Summarize(scenario, connections, Variant.None));

    private static TargetCheck NotMeasured(string target) => new(target, "not measured in this run", null);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
