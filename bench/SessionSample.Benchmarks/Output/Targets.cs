using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;
using static SessionSample.Benchmarks.Output.Markdown;

namespace SessionSample.Benchmarks.Output;

/// <summary>One target of an issue, what this run measured against it, and whether it was met (null: not measured, or context only).</summary>
public sealed record TargetCheck(string Issue, string Target, string Measured, bool? Met);

/// <summary>
/// Checks the issues' targets for the store against this run. Only the store's required values are written
/// here; every figure it is compared with (the built-in session, the ceiling) comes from the same run.
/// Throughput and CPU targets are checked on the primary engine's loopback series at its highest connection
/// count; latency targets on the latency series whose round trip is nominally 1 ms.
/// </summary>
public static class Targets
{
    private static readonly (Scenario Scenario, int Store)[] s_commandTargets =
    [
        (Scenario.Untouched, 0),
        (Scenario.Read, 1),
        (Scenario.WriteOne, 2),
    ];

    /// <summary>The latency targets are set at a 1 ms round trip: the series whose proxy holds 0.5 ms each way.</summary>
    public static readonly TimeSpan TargetOneWay = TimeSpan.FromMilliseconds(0.5);

    public static IReadOnlyList<TargetCheck> Check(BenchResults results)
    {
        var checks = new List<TargetCheck>();
        var primary = results.Primary;
        var top = results.Options.TopConnections;

        foreach (var (scenario, store) in s_commandTargets)
        {
            var target = $"Redis commands per request, {scenario.Title.ToLowerInvariant()}: store {store}";
            var measured = primary?.Commands.GetValueOrDefault((Variant.Store, scenario.Name));
            var builtin = primary?.Commands.GetValueOrDefault((Variant.Builtin, scenario.Name));
            checks.Add(measured is null
                ? NotMeasured("9", target)
                : new("9", target, Invariant($"store {measured.PerRequest:0.##}{(builtin is null ? "" : $", built-in {builtin.PerRequest:0.##}")}"), Math.Abs(measured.PerRequest - store) < 0.05));
        }

        const string lostTarget = "Lost updates, 50 concurrent writes under one cookie: store 0";
        var lost = results.DirectSeries.Where(s => s.LostUpdates.ContainsKey(Variant.Store)).ToList();
        checks.Add(lost.Count == 0
            ? NotMeasured("9", lostTarget)
            : new("9", lostTarget,
                string.Join("; ", lost.Select(s => $"{s.ServerVersion}: store lost {LostList(s, Variant.Store)}{(s.LostUpdates.ContainsKey(Variant.Builtin) ? $", built-in lost {LostList(s, Variant.Builtin)}" : "")}")),
                lost.All(s => s.LostUpdates[Variant.Store].All(l => l.Lost == 0))));

        checks.Add(Ratio("9", $"Read-only throughput at {top} connections: store ≥ 1.6 × built-in", primary, Scenario.Read, top, Variant.Builtin, s => s.RequestsPerSecond, 1.6, higherIsBetter: true, "req/s"));
        checks.Add(Ratio("9", $"One-key write throughput at {top} connections: store ≥ 1.1 × built-in", primary, Scenario.WriteOne, top, Variant.Builtin, s => s.RequestsPerSecond, 1.1, higherIsBetter: true, "req/s"));
        checks.Add(Cpu($"App CPU per read-only request at {top} connections: store ≤ 28 µs", primary, Scenario.Read, top, 28));
        checks.Add(Cpu($"App CPU per one-key write at {top} connections: store ≤ 38 µs", primary, Scenario.WriteOne, top, 38));

        checks.Add(Ratio("13", $"Read-only throughput at {top} connections: store ≥ 0.9 × the one-round-trip ceiling", primary, Scenario.Read, top, Variant.Ceiling, s => s.RequestsPerSecond, 0.9, higherIsBetter: true, "req/s"));
        var cloud = results.LatencySeries.FirstOrDefault(s => s.Series.OneWay == TargetOneWay);
        foreach (var (scenario, needed) in new[] { (Scenario.Read, 0.35), (Scenario.WriteOne, 0.6) })
        {
            // The target is about latency, so it is checked where requests do not queue behind the CPU (the
            // fewest connections); the most connections are shown beside it, where both apps are CPU-bound.
            var connections = cloud?.Series.Connections.Order().ToList() ?? [];
            string Label(int count) => Invariant($"p50 latency at a 1 ms round trip ({RoundTripText(cloud)}), {scenario.Title.ToLowerInvariant()}, {count} connection(s): store ≤ {needed:0.##} × built-in");
            if (connections.Count == 0)
            {
                checks.Add(NotMeasured("13", Invariant($"p50 latency at a 1 ms round trip, {scenario.Title.ToLowerInvariant()}: store ≤ {needed:0.##} × built-in")));
                continue;
            }

            checks.Add(Ratio("13", Label(connections[0]), cloud, scenario, connections[0], Variant.Builtin, s => s.P50Milliseconds, needed, higherIsBetter: false, "ms"));
            if (connections[^1] != connections[0])
            {
                var context = Ratio("13", Label(connections[^1]), cloud, scenario, connections[^1], Variant.Builtin, s => s.P50Milliseconds, needed, higherIsBetter: false, "ms");
                checks.Add(context with { Target = $"(context) {context.Target}", Met = null });
            }
        }

        foreach (var scenario in primary?.Series.Scenarios ?? [])
        {
            checks.Add(Ratio("5", $"p99 latency at {top} connections, {scenario.Title.ToLowerInvariant()}: store ≤ built-in", primary, scenario, top, Variant.Builtin, s => s.P99Milliseconds, 1.0, higherIsBetter: false, "ms"));
        }

        const string bytesTarget = "Bytes per session (10-item cart): store ≤ built-in";
        checks.Add(primary is not null && primary.Sizes.TryGetValue(Variant.Store, out var storeSize) && primary.Sizes.TryGetValue(Variant.Builtin, out var builtinSize)
            ? new("5", bytesTarget, Invariant($"{storeSize.Bytes} B vs {builtinSize.Bytes} B ({storeSize.Bytes - builtinSize.Bytes:+0;-0} B); fields: store {string.Join(", ", storeSize.Fields)} / built-in {string.Join(", ", builtinSize.Fields)}"), storeSize.Bytes <= builtinSize.Bytes)
            : NotMeasured("5", bytesTarget));

        return checks;
    }

    private static string LostList(SeriesResult series, Variant variant) => string.Join(", ", series.LostUpdates[variant].Select(l => $"{l.Lost}/{l.Written}"));

    private static string RoundTripText(SeriesResult? cloud) =>
        cloud?.RoundTrip is { } trip ? Invariant($"measured +{trip.AddedMicros / 1000:F2} ms per PING") : "not measured";

    private static TargetCheck Ratio(
        string issue, string target, SeriesResult? series, Scenario scenario, int connections, Variant baseline,
        Func<Summary, double> value, double needed, bool higherIsBetter, string unit)
    {
        var format = unit == "ms" ? "F2" : "F0";
        var store = series?.Summarize(scenario, connections, Variant.Store);
        var other = series?.Summarize(scenario, connections, baseline);
        if (store is null || other is null)
        {
            return NotMeasured(issue, target);
        }

        var ratio = value(store) / value(other);
        var met = higherIsBetter ? ratio >= needed : ratio <= needed;
        var margin = higherIsBetter ? (ratio - needed) / needed : (needed - ratio) / needed;
        return new(issue, target,
            Invariant($"{ratio:F2} × ({Number(value(store), format)} vs {baseline.ShortTitle} {Number(value(other), format)} {unit}); {(met ? "met with" : "missed by")} {Math.Abs(margin) * 100:F0}%"),
            met);
    }

    private static TargetCheck Cpu(string target, SeriesResult? series, Scenario scenario, int connections, double limit)
    {
        var store = series?.Summarize(scenario, connections, Variant.Store);
        if (store is null)
        {
            return NotMeasured("9", target);
        }

        var others = string.Join(", ", (series!.Series.Variants.Where(v => v != Variant.Store)
            .Select(v => (v, s: series.Summarize(scenario, connections, v))).Where(x => x.s is not null)
            .Select(x => Invariant($"{x.v.ShortTitle} {x.s!.AppCpuMicros:F0} µs"))));
        var met = store.AppCpuMicros <= limit;
        return new("9", target,
            Invariant($"store {store.AppCpuMicros:F0} µs ({others}); {(met ? "met with" : "missed by")} {Math.Abs(store.AppCpuMicros - limit):F0} µs"),
            met);
    }

    private static TargetCheck NotMeasured(string issue, string target) => new(issue, target, "not measured in this run", null);
}
