using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using SessionSample.Benchmarks;
using SessionSample.Benchmarks.Micro;

// dotnet run -c Release --project bench/SessionSample.Benchmarks.Micro -- --filter '*' [--job short] [--inProcess]
// Raw artifacts go to bench/results/raw/micro (not committed); the GitHub-flavoured report is copied to
// bench/results/micro.md.
var results = Path.Combine(BenchOptions.RepositoryRoot(), "bench", "results");
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(results, "raw", "micro"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(SessionRequestBenchmarks).Assembly).Run(args, config);

foreach (var summary in summaries)
{
    var report = Directory.GetFiles(summary.ResultsDirectoryPath, "*-report-github.md").FirstOrDefault();
    if (report is not null)
    {
        File.Copy(report, Path.Combine(results, "micro.md"), overwrite: true);
        Console.WriteLine($"Copied {Path.GetFileName(report)} to {Path.Combine(results, "micro.md")}");
    }
}
