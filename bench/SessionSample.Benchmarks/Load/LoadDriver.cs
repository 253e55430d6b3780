using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace SessionSample.Benchmarks.Load;

/// <summary>
/// The fallback load generator for machines without wrk: <c>--drive URL --connections N --duration D</c>
/// keeps N requests in flight over N connections for D and prints one JSON <see cref="LoadResult"/>.
/// It always runs in its own process (see <see cref="LoadDriverProcess"/>).
/// </summary>
public static class LoadDriver
{
    public static async Task<int> RunAsync(DriveOptions options)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

        var latencies = new List<long>[options.Connections];
        var errors = 0L;
        var stopwatch = Stopwatch.StartNew();
        var deadline = options.Duration;
        var workers = Enumerable.Range(0, options.Connections).Select(async i =>
        {
            var mine = latencies[i] = new List<long>(capacity: 65_536);
            while (stopwatch.Elapsed < deadline)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
                if (options.Cookie is not null)
                {
                    request.Headers.Add("Cookie", options.Cookie);
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.LoadIntoBufferAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        });
        await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var result = new LoadResult(
            all.Length / elapsed.TotalSeconds,
            Percentile(all, 0.50),
            Percentile(all, 0.99),
            all.Length,
            errors);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static double Percentile(long[] sortedTicks, double fraction) =>
        sortedTicks.Length == 0
            ? double.NaN
            : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(fraction * sortedTicks.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
}
