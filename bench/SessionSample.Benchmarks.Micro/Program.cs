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

var reports = summaries
    .SelectMany(summary => Directory.GetFiles(summary.ResultsDirectoryPath, "*-report-github.md"))
    .Distinct()
    .Order(StringComparer.Ordinal)
    .ToList();
if (reports.Count > 0)
{
    var micro = Path.Combine(results, "micro.md");
    var sections = reports.Select(report => $"## {Path.GetFileNameWithoutExtension(report).Replace("-report-github", "", StringComparison.Ordinal)}\n\n{File.ReadAllText(report)}");
    File.WriteAllText(micro, "# Micro-benchmarks (BenchmarkDotNet)\n\n" + string.Join("\n", sections));
    Console.WriteLine($"Wrote {micro}");
}
