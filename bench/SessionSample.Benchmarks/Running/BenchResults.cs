using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Redis;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Running;

/// <summary>One load run, with the CPU time the app, Redis and the delay proxy spent per request meanwhile (microseconds; NaN for no proxy).</summary>
/// <param name="OthersCpuPercent">Share of the machine other processes (not this benchmark) used meanwhile: high means a noisy sample.</param>
public sealed record Measurement(
    string Scenario, int Connections, Variant Variant, int Round, LoadResult Result,
    double AppCpuMicros, double RedisCpuMicros, double ProxyCpuMicros, double OthersCpuPercent);

/// <summary>The median of one scenario × connections × implementation over the rounds.</summary>
/// <param name="Spread">Half the range of req/s over the rounds, relative to the median: how noisy the cell is.</param>
public sealed record Summary(
    double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Errors, int Rounds,
    double AppCpuMicros, double RedisCpuMicros, double ProxyCpuMicros, double Spread);

/// <summary>PING round trips measured before the load: straight to Redis and through the delay proxy (medians, microseconds).</summary>
public sealed record RoundTrip(double DirectMicros, double ProxiedMicros)
{
    /// <summary>What the proxy really adds to a round trip (nominally twice its one-way delay).</summary>
    public double AddedMicros => ProxiedMicros - DirectMicros;
}

/// <summary>Everything one <see cref="Running.Series"/> measured.</summary>
public sealed class SeriesResult(Series series, string serverVersion)
{
    public Series Series { get; } = series;

    public string ServerVersion { get; } = serverVersion;

    public List<Measurement> Measurements { get; } = [];

    public Dictionary<(Variant Variant, string Scenario), CommandCount> Commands { get; } = [];

    public string? CommandCountingProblem { get; set; }

    public Dictionary<Variant, SessionSize> Sizes { get; } = [];

    public Dictionary<Variant, List<LostUpdateResult>> LostUpdates { get; } = [];

    public RoundTrip? RoundTrip { get; set; }

    /// <summary>How late the delay proxy sent its chunks over the whole series, load included.</summary>
    public LatenessSummary? Lateness { get; set; }

    public List<string> AppWarnings { get; } = [];

    public Summary? Summarize(Scenario scenario, int connections, Variant variant)
    {
        var measured = Measurements.Where(m => m.Scenario == scenario.Name && m.Connections == connections && m.Variant == variant).ToList();
        var samples = measured.Select(m => m.Result).ToList();
        return samples.Count == 0
            ? null
            : new Summary(
                Median(samples.Select(s => s.RequestsPerSecond)),
                Median(samples.Select(s => s.P50Milliseconds)),
                Median(samples.Select(s => s.P99Milliseconds)),
                samples.Sum(s => s.Errors),
                samples.Count,
                Median(measured.Select(m => m.AppCpuMicros)),
                Median(measured.Select(m => m.RedisCpuMicros)),
                Median(measured.Select(m => m.ProxyCpuMicros)),
                (samples.Max(s => s.RequestsPerSecond) - samples.Min(s => s.RequestsPerSecond)) / 2 / Median(samples.Select(s => s.RequestsPerSecond)));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Everything one run measured; the writers turn it into Markdown, SVG and console text.</summary>
public sealed class BenchResults
{
    public required RunOptions Options { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string LoadGenerator { get; init; }

    public List<SeriesResult> Series { get; } = [];

    public CpuShare? Cpu { get; set; }

    /// <summary>The full loopback series on the primary engine: what the targets are checked on.</summary>
    public SeriesResult? Primary => Loopback(Options.PrimaryEngine);

    public SeriesResult? Loopback(RedisEngine engine) =>
        Series.FirstOrDefault(s => s.Series.Kind == SeriesKind.Loopback && s.Series.Engine == engine);

    public IEnumerable<SeriesResult> LoopbackSeries => Series.Where(s => s.Series.Kind == SeriesKind.Loopback);

    public IReadOnlyList<SeriesResult> LatencySeries => [.. Series.Where(s => s.Series.Kind == SeriesKind.Latency)];

    /// <summary>The Redis Cluster series, if the run had one.</summary>
    public SeriesResult? Cluster => Series.FirstOrDefault(s => s.Series.Kind == SeriesKind.Cluster);

    /// <summary>Every series straight to its server, one server or the cluster: each has its full tables, command counts and lost updates.</summary>
    public IEnumerable<SeriesResult> DirectSeries => Series.Where(s => s.Series.Kind != SeriesKind.Latency);
}
