using System.Globalization;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;

namespace SessionSample.Benchmarks.Output;

/// <summary>The two charts: req/s per scenario on loopback, and p50 latency behind the delay proxy.</summary>
public static class ResultsCharts
{
    public static IEnumerable<(string File, string Svg)> Write(BenchResults results)
    {
        if (results.Primary is { } primary)
        {
            yield return (ResultsMarkdown.ThroughputChart, Throughput(results, primary));
        }

        if (results.LatencySeries.Count > 0)
        {
            yield return (ResultsMarkdown.LatencyChart, Latency(results, results.LatencySeries));
        }
    }

    private static string Throughput(BenchResults results, SeriesResult primary)
    {
        var top = primary.Series.TopConnections;
        var variants = primary.Series.Variants;
        var groups = primary.Series.Scenarios.Select(scenario =>
        {
            var values = variants.Select(v => primary.Summarize(scenario, top, v)?.RequestsPerSecond).ToList();
            var store = primary.Summarize(scenario, top, Variant.Store);
            var builtin = primary.Summarize(scenario, top, Variant.Builtin);
            var note = store is not null && builtin is not null ? I($"store {store.RequestsPerSecond / builtin.RequestsPerSecond:F2}× built-in") : null;
            return new BarGroup(scenario.Title, note, Variant.Store.Color, values);
        }).ToList();
        return BarChart.Write(
            I($"Requests per second at {top} connections (higher is better)"),
            I($"Median of {primary.Series.Rounds} round(s) · {primary.ServerVersion}, loopback · {results.Machine.Cores} cores shared by apps, Redis and load · {results.Machine.Date:yyyy-MM-dd}"),
            [.. variants.Select(v => new BarSeries(v.Title, v.Color))],
            groups,
            value => value >= 1000 ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString("0", CultureInfo.InvariantCulture));
    }

    /// <summary>p50 at the fewest connections (where latency is round trips, not queueing), per scenario and delay.</summary>
    private static string Latency(BenchResults results, IReadOnlyList<SeriesResult> latency)
    {
        var variants = latency[0].Series.Variants;
        var connections = latency[0].Series.Connections.Min();
        var groups = latency[0].Series.Scenarios.SelectMany(scenario => latency.Select(series =>
        {
            var values = variants.Select(v => series.Summarize(scenario, connections, v)?.P50Milliseconds).ToList();
            var store = series.Summarize(scenario, connections, Variant.Store);
            var builtin = series.Summarize(scenario, connections, Variant.Builtin);
            var note = store is not null && builtin is not null ? I($"store {store.P50Milliseconds / builtin.P50Milliseconds:F2}× built-in") : null;
            return new BarGroup(I($"{scenario.Name}, {Series.Milliseconds(series.Series.OneWay!.Value * 2)} ms RTT"), note, Variant.Store.Color, values);
        })).ToList();
        var measured = string.Join(", ", latency.Where(s => s.RoundTrip is not null).Select(s => I($"+{s.RoundTrip!.AddedMicros / 1000:F2}")));
        return BarChart.Write(
            I($"p50 latency (ms) at {connections} connection(s), lower is better"),
            I($"Median of {latency[0].Series.Rounds} round(s) · {latency[0].ServerVersion} behind the delay proxy, measured {measured} ms per PING · {results.Machine.Date:yyyy-MM-dd}"),
            [.. variants.Select(v => new BarSeries(v.Title, v.Color))],
            groups,
            value => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture),
            width: Math.Max(900, 70 + 20 + groups.Count * 130));
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
