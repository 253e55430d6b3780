using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Redis;

namespace SessionSample.Benchmarks.Running;

/// <summary>One load run, with the CPU time the app and Redis spent per request meanwhile (microseconds).</summary>
/// <param name="OthersCpuPercent">Share of the machine other processes (not this benchmark) used meanwhile: high means a noisy sample.</param>
public sealed record Measurement(string Scenario, int Connections, Variant Variant, int Round, LoadResult Result, double AppCpuMicros, double RedisCpuMicros, double OthersCpuPercent);

/// <summary>The median of one scenario × connections × implementation over the rounds.</summary>
/// <param name="Spread">Half the range of req/s over the rounds, relative to the median: how noisy the cell is.</param>
public sealed record Summary(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Errors, int Rounds, double AppCpuMicros, double RedisCpuMicros, double Spread);

/// <summary>Everything one run measured; the writers turn it into Markdown, SVG and console text.</summary>
public sealed class BenchResults
{
    public required RunOptions Options { get; init; }

    public required MachineInfo Machine { get; init; }

    public required string RedisVersion { get; init; }

    public required string LoadGenerator { get; init; }

    public List<Measurement> Measurements { get; } = [];

    public Dictionary<(Variant Variant, string Scenario), CommandCount> Commands { get; } = [];

    public string? CommandCountingProblem { get; set; }

    public Dictionary<Variant, SessionSize> Sizes { get; } = [];

    public Dictionary<Variant, List<LostUpdateResult>> LostUpdates { get; } = [];

    public CpuShare? Cpu { get; set; }

    public List<string> AppWarnings { get; } = [];

    public IReadOnlyList<Variant> Variants => Options.Variants;

    public int TopConnections => Options.Connections.Max();

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
                (samples.Max(s => s.RequestsPerSecond) - samples.Min(s => s.RequestsPerSecond)) / 2 / Median(samples.Select(s => s.RequestsPerSecond)));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
