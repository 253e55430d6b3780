using System.Diagnostics;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Output;
using SessionSample.Testing;
using Xunit.Abstractions;

namespace SessionSample.Benchmarks.Tests;

/// <summary>
/// Runs the benchmark executable as a user would, as short as it goes (one round of one second, one
/// connection count, one scenario, one delay, and the Redis Cluster where redis-server runs), and checks that
/// it produced its reports with every implementation in them. Timing is never asserted: on a shared machine
/// it proves nothing.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("sessionsample-bench-smoke-");

    [Fact]
    public async Task A_one_second_run_writes_every_report_with_every_implementation()
    {
        var results = Directory.CreateDirectory(Path.Combine(_work.FullName, "results")).FullName;
        var published = PublishRootWithTheRealPages();

        // The cluster launcher makes redis-server nodes: where the suites run on Garnet, the run goes without it.
        var withCluster = TestRedis.Engine == RedisEngine.RedisServer;
        var (exitCode, log) = await RunBenchAsync(
        [
            "--engines", TestRedis.Engine.Name(),
            "--connections", "4", "--latency-connections", "4", "--delays", "0.25",
            "--scenarios", "read", "--rounds", "1", "--side-rounds", "1",
            "--duration", "1s", "--warmup", "0", "--count", "5",
            "--out", results, "--publish-to", published,
            .. withCluster ? Array.Empty<string>() : ["--no-cluster"],
        ]);
        Assert.True(exitCode == 0, $"The bench exited with {exitCode}:\n{log}");

        var markdown = await File.ReadAllTextAsync(Path.Combine(results, "results.md"));
        var implementations = Section(markdown, "## Every implementation", "## Cloud latency");
        foreach (var variant in Variant.All)
        {
            // A row of the per-implementation table with a measured read throughput, not a dash.
            Assert.Matches($@"\| (\*\*)?{variant.Title}(\*\*)? \| \d+ \|", implementations);
            Assert.Contains($"req/s {variant.Title}", markdown);
        }

        var cluster = Section(markdown, "## Redis Cluster", "## Cloud latency");
        if (withCluster)
        {
            foreach (var variant in new[] { Variant.Builtin, Variant.Store, Variant.Ceiling })
            {
                // Measured read throughput, p50 / p99 and commands per read on the cluster.
                Assert.Matches($@"\| (\*\*)?{variant.Title}(\*\*)? \| \d+ \| \d+\.\d\d / \d+\.\d\d \|.* \| \d+(\.\d+)? / — \|", cluster);
            }

            // The cost of the cluster client: the store on the cluster ÷ on one redis-server, measured.
            Assert.Matches(@"\| Reads a 10-item cart \| \d+ / \d+ \| \d+\.\d\d × \|", cluster);
        }
        else
        {
            Assert.Contains("No Redis Cluster series in this run", cluster);
        }

        var latency = Section(markdown, "## Cloud latency", "## Loopback");
        Assert.Matches(@"\| 0\.5 ms \| 4 \| \d+\.\d\d / \d+\.\d\d \|", latency);
        Assert.Contains("Added per round trip (measured)", latency);

        var chart = await File.ReadAllTextAsync(Path.Combine(results, ResultsMarkdown.ThroughputChart));
        Assert.All(Variant.All, variant => Assert.Contains(variant.Title, chart));
        Assert.Contains(Variant.Store.Title, await File.ReadAllTextAsync(Path.Combine(results, ResultsMarkdown.LatencyChart)));

        // The published page's block was regenerated from this run; the prose around it was kept.
        var page = await File.ReadAllTextAsync(Path.Combine(published, PublishedBlocks.PagePath));
        var block = Section(page, PublishedBlocks.PageBegin, PublishedBlocks.PageEnd);
        Assert.Contains("### Targets", block);
        Assert.Contains(Variant.Ceiling.Title, block);
        Assert.Contains("### Redis Cluster", block);
        Assert.Contains("## Reading them", page);
    }

    /// <summary>A folder holding copies of docs/benchmarks.md (which must carry its markers) and README.md, for the run to rewrite.</summary>
    private string PublishRootWithTheRealPages()
    {
        var repository = RepositoryRoot();
        var root = Directory.CreateDirectory(Path.Combine(_work.FullName, "repository")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        var page = File.ReadAllText(Path.Combine(repository, PublishedBlocks.PagePath));
        Assert.Contains(PublishedBlocks.PageBegin, page);
        Assert.Contains(PublishedBlocks.PageEnd, page);
        File.WriteAllText(Path.Combine(root, PublishedBlocks.PagePath), page);
        File.Copy(Path.Combine(repository, PublishedBlocks.SummaryPath), Path.Combine(root, PublishedBlocks.SummaryPath));
        return root;
    }

    private async Task<(int ExitCode, string Log)> RunBenchAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _work.FullName,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SessionSample.Benchmarks.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bench.");
        var log = new ProcessLog(process);
        using var timeout = new CancellationTokenSource(s_limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"The bench did not finish within {s_limit.TotalMinutes} minutes:\n{log.Text}");
        }

        output.WriteLine(log.Text);
        return (process.ExitCode, log.Text);
    }

    private static string Section(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{from}' is missing.");
        var end = text.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, PublishedBlocks.PagePath)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {PublishedBlocks.PagePath} above {AppContext.BaseDirectory}.");
    }

    public void Dispose() => _work.Delete(recursive: true);
}
