using System.Globalization;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Testing;

namespace SessionSample.Benchmarks;

public enum BenchRole
{
    Run,
    Host,
    Drive,
}

public enum LoadTool
{
    Wrk,
    Driver,
}

/// <summary>The orchestrator's settings: what to measure, how long and how often.</summary>
public sealed record RunOptions(
    RedisEngine Engine,
    IReadOnlyList<int> Connections,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int Rounds,
    IReadOnlyList<Variant> Variants,
    IReadOnlyList<Scenario> Scenarios,
    LoadTool Load,
    int CountedRequests,
    string ResultsDirectory,
    bool Quick,
    string CommandLine);

/// <summary>A benchmark app to host: which session implementation, which Redis, which address.</summary>
public sealed record HostOptions(Variant Variant, string Redis, string Url);

/// <summary>The fallback load driver's settings (used when wrk is not installed).</summary>
public sealed record DriveOptions(Uri Url, int Connections, TimeSpan Duration, string? Cookie);

public sealed class BenchUsageException(string message) : Exception(message);

public sealed class BenchOptions
{
    public const string Usage = """
        Usage:
          dotnet run -c Release --project bench/SessionSample.Benchmarks -- [options]

        Options:
          --quick                       short run for development (1 round, 2 s per measurement, 16 and 64 connections)
          --engine redis-server|garnet  the Redis to start (default redis-server)
          --connections 1,16,64         connection counts (default 1,16,64)
          --duration 5s                 length of one measurement (default 5s)
          --warmup 3s                   warm-up per app and scenario before the rounds (default 3s)
          --rounds 5                    rounds; each alternates the implementations (default 5)
          --impls none,builtin,store    implementations to compare (default all three)
          --scenarios untouched,read,write1,write5   (default all four)
          --load wrk|driver             load generator (default wrk when /usr/bin/wrk exists, else the C# driver)
          --count 200                   sequential requests per scenario for counting Redis commands
          --out bench/results           where results.md and chart.svg go
        """;

    public BenchRole Role { get; private init; }

    public RunOptions? Run { get; private init; }

    public HostOptions? Host { get; private init; }

    public DriveOptions? Drive { get; private init; }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith('-'))
            {
                throw new BenchUsageException($"Unexpected argument '{name}'.");
            }

            if (name is "--help" or "-h")
            {
                throw new BenchUsageException("SessionSample benchmarks: the store vs the built-in session vs no session.");
            }

            if (name is "--quick")
            {
                flags.Add(name);
            }
            else if (i + 1 < args.Length)
            {
                values[name] = args[++i];
            }
            else
            {
                throw new BenchUsageException($"Option {name} needs a value.");
            }
        }

        if (values.TryGetValue("--host", out var host))
        {
            return new BenchOptions
            {
                Role = BenchRole.Host,
                Host = new HostOptions(ParseVariant(host), Required(values, "--redis"), Required(values, "--urls")),
            };
        }

        if (values.TryGetValue("--drive", out var drive))
        {
            return new BenchOptions
            {
                Role = BenchRole.Drive,
                Drive = new DriveOptions(
                    new Uri(drive),
                    ParseInt(Required(values, "--connections"), "--connections"),
                    ParseDuration(Required(values, "--duration")),
                    values.GetValueOrDefault("--cookie")),
            };
        }

        var quick = flags.Contains("--quick");
        var load = values.TryGetValue("--load", out var loadName)
            ? loadName switch
            {
                "wrk" => LoadTool.Wrk,
                "driver" => LoadTool.Driver,
                _ => throw new BenchUsageException($"Unknown load generator '{loadName}'."),
            }
            : File.Exists(Wrk.Path) ? LoadTool.Wrk : LoadTool.Driver;

        return new BenchOptions
        {
            Role = BenchRole.Run,
            Run = new RunOptions(
                Engine: RedisEngineNames.Parse(values.GetValueOrDefault("--engine", RedisEngineNames.RedisServer))
                    ?? throw new BenchUsageException($"Unknown engine '{values["--engine"]}' ({RedisEngineNames.RedisServer}, {RedisEngineNames.Garnet})."),
                Connections: ParseList(values.GetValueOrDefault("--connections", quick ? "16,64" : "1,16,64"), s => ParseInt(s, "--connections")),
                Duration: ParseDuration(values.GetValueOrDefault("--duration", quick ? "2s" : "5s")),
                WarmUp: ParseDuration(values.GetValueOrDefault("--warmup", quick ? "1s" : "3s")),
                Rounds: ParseInt(values.GetValueOrDefault("--rounds", quick ? "1" : "5"), "--rounds"),
                Variants: ParseList(values.GetValueOrDefault("--impls", "none,builtin,store"), ParseVariant),
                Scenarios: ParseList(values.GetValueOrDefault("--scenarios", "untouched,read,write1,write5"), ParseScenario),
                Load: load,
                CountedRequests: ParseInt(values.GetValueOrDefault("--count", "200"), "--count"),
                ResultsDirectory: values.GetValueOrDefault("--out") ?? DefaultResultsDirectory(),
                Quick: quick,
                CommandLine: string.Join(' ', args)),
        };
    }

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new BenchUsageException($"Option {name} is required here.");

    private static Variant ParseVariant(string name) => name switch
    {
        "none" => Variant.None,
        "builtin" => Variant.Builtin,
        "store" => Variant.Store,
        _ => throw new BenchUsageException($"Unknown implementation '{name}' (none, builtin, store)."),
    };

    private static Scenario ParseScenario(string name) =>
        Scenario.Measured.FirstOrDefault(s => s.Name == name)
        ?? throw new BenchUsageException($"Unknown scenario '{name}' ({string.Join(", ", Scenario.Measured.Select(s => s.Name))}).");

    private static int ParseInt(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new BenchUsageException($"{option} needs a positive whole number, not '{text}'.");

    private static List<T> ParseList<T>(string text, Func<string, T> parse) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).Distinct()];

    /// <summary>Accepts wrk's notation: 500ms, 10s, 2m.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new BenchUsageException($"'{text}' is not a duration such as 500ms, 10s or 2m.");
    }

    private static string DefaultResultsDirectory() => Path.Combine(RepositoryRoot(), "bench", "results");

    /// <summary>The repository the command runs in (the folder of its solution file, whatever its name), else the current directory.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any())
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
