using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionSample.Benchmarks.Load;

/// <summary>Runs wrk with <c>--latency</c> and reads its report.</summary>
public sealed partial class Wrk : ILoadGenerator
{
    public const string Path = "/usr/bin/wrk";

    public string Description => $"wrk ({Version()})";

    public async Task<LoadResult> RunAsync(Uri url, int connections, TimeSpan duration, string? cookie)
    {
        // wrk needs at least one connection per thread; two threads match the two cores.
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList =
            {
                "-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s",
                "--timeout", "10s",
                "--latency",
            },
        };
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add($"Cookie: {cookie}");
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        return process.ExitCode == 0
            ? Parse(text)
            : throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await error}\n{text}");
    }

    public static LoadResult Parse(string report)
    {
        var rps = RequestsPerSecond().Match(report);
        var p50 = Percentile50().Match(report);
        var p99 = Percentile99().Match(report);
        var total = TotalRequests().Match(report);
        if (!rps.Success || !p50.Success || !p99.Success || !total.Success)
        {
            throw new FormatException($"Unexpected wrk report:\n{report}");
        }

        var errors = 0L;
        if (NonSuccess().Match(report) is { Success: true } non2xx)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrors().Match(report) is { Success: true } socket)
        {
            errors += Enumerable.Range(1, 4).Sum(i => long.Parse(socket.Groups[i].Value, CultureInfo.InvariantCulture));
        }

        return new LoadResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(p50),
            Milliseconds(p99),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            errors);
    }

    private static double Milliseconds(Match match)
    {
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            var unit => throw new FormatException($"Unknown wrk time unit '{unit}'."),
        };
    }

    private static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo(Path, "-v") { RedirectStandardOutput = true, RedirectStandardError = true });
        if (process is null)
        {
            return "unknown version";
        }

        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return text.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("wrk ", StringComparison.Ordinal))?.Split(' ')[1] ?? "unknown version";
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile50();

    [GeneratedRegex(@"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalRequests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
