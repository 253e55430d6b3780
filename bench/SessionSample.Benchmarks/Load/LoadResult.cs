namespace SessionSample.Benchmarks.Load;

/// <summary>One measurement: throughput, latency percentiles (milliseconds) and failed requests.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Requests, long Errors);

/// <summary>A load generator in a process of its own.</summary>
public interface ILoadGenerator
{
    string Description { get; }

    Task<LoadResult> RunAsync(Uri url, int connections, TimeSpan duration, string? cookie);
}
