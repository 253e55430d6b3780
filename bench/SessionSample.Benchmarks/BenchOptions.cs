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
    Proxy,
    Reliability,
}

public enum LoadTool
{
    Wrk,
    Driver,
}

/// <summary>The orchestrator's settings: what to measure, how long and how often (see <see cref="Running.BenchPlan"/>).</summary>
/// <param name="Engines">The first is the primary engine: the full loopback matrix and the latency series run on it.</param>
/// <param name="Delays">One-way delays of the cloud-latency series (empty: no such series).</param>
/// <param name="SideRounds">Rounds of the series beside the primary loopback one (other engines, the cluster, latency).</param>
/// <param name="ClusterVariants">Apps of the Redis Cluster series (empty: no such series).</param>
/// <param name="PublishRoot">The repository whose docs/benchmarks.md and README.md get the generated blocks; null for none.</param>
public sealed record RunOptions(
    IReadOnlyList<RedisEngine> Engines,
    IReadOnlyList<int> Connections,
    IReadOnlyList<TimeSpan> Delays,
    IReadOnlyList<int> LatencyConnections,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int Rounds,
    int SideRounds,
    IReadOnlyList<Variant> Variants,
    IReadOnlyList<Variant> LatencyVariants,
    IReadOnlyList<Scenario> Scenarios,
    IReadOnlyList<Scenario> LatencyScenarios,
    IReadOnlyList<Variant> ClusterVariants,
    IReadOnlyList<Scenario> ClusterScenarios,
    LoadTool Load,
    int CountedRequests,
    string ResultsDirectory,
    string? PublishRoot,
    bool Quick,
    string CommandLine)
{
    public RedisEngine PrimaryEngine => Engines[0];

    public int TopConnections => Connections.Max();
}

/// <summary>A benchmark app to host: which session implementation, which Redis, which address.</summary>
public sealed record HostOptions(Variant Variant, string Redis, string Url);

/// <summary>The fallback load driver's settings (used when wrk is not installed).</summary>
public sealed record DriveOptions(Uri Url, int Connections, TimeSpan Duration, string? Cookie);

/// <summary>The reliability drill: where its results go, and which repository's docs/reliability.md gets the figures (null for none).</summary>
public sealed record ReliabilityOptions(string ResultsDirectory, string? PublishRoot);

/// <summary>A delay proxy to host in front of a Redis port, holding each chunk <paramref name="OneWay"/> per direction.</summary>
public sealed record ProxyOptions(int UpstreamPort, TimeSpan OneWay);

public sealed class BenchUsageException(string message) : Exception(message);

public sealed class BenchOptions
{
    public const string Usage = """
        Usage:
          dotnet run -c Release --project bench/SessionSample.Benchmarks -- [options]

        Options:
          --quick                         short run for development (1 round of 2 s per measurement, 64 connections)
          --engines redis-server,garnet   engines to measure, the first one fully (default both; Garnet is a local dotnet tool)
          --connections 1,64              connection counts on the first engine (default 1,64); other engines use the highest
          --delays 0,0.25,0.5             one-way delays in ms of the cloud-latency series through the delay proxy, or none
          --latency-connections 1,64      connection counts of the latency series (default 1 and the highest of --connections)
          --duration 5s                   length of one measurement (default 5s)
          --warmup 3s                     warm-up per app and scenario before the rounds (default 3s; 0 for none)
          --rounds 5                      rounds of the first engine's loopback series; each alternates the apps (default 5)
          --side-rounds 3                 rounds of the other series: other engines, the cluster, latency (default 3)
          --impls none,builtin,store,signedin,encrypted,ceiling  apps to compare (default all)
          --latency-impls builtin,store   apps of the latency series (default those two)
          --scenarios untouched,read,write1,write5   (default all four)
          --latency-scenarios read,write1 scenarios of the latency series (default those two, if in --scenarios)
          --cluster-impls builtin,store,ceiling  apps of the Redis Cluster series at the highest connection count (default those, if in --impls)
          --cluster-scenarios read,write1 scenarios of the Redis Cluster series (default those two, if in --scenarios)
          --no-cluster                    no Redis Cluster series (it needs redis-server and redis-cli)
          --load wrk|driver               load generator (default wrk when /usr/bin/wrk exists, else the C# driver)
          --count 200                     sequential requests per scenario for counting Redis commands
          --out bench/results             where results.md and the charts go
          --publish-to DIR|none           repository whose docs/benchmarks.md and README.md get the generated blocks (default this one)
          --reliability                   instead: the failover drill (a cluster primary killed, a redis-server killed and restarted) into reliability.md and docs/reliability.md
        """;

    public BenchRole Role { get; private init; }

    public RunOptions? Run { get; private init; }

    public HostOptions? Host { get; private init; }

    public DriveOptions? Drive { get; private init; }

    public ProxyOptions? Proxy { get; private init; }

    public ReliabilityOptions? Reliability { get; private init; }

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
                throw new BenchUsageException("SessionSample benchmarks: the store vs the built-in session vs no session vs the one-round-trip ceiling.");
            }

            if (name is "--quick" or "--reliability" or "--no-cluster")
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

        if (values.TryGetValue("--proxy", out var upstream))
        {
            return new BenchOptions
            {
                Role = BenchRole.Proxy,
                Proxy = new ProxyOptions(ParseInt(upstream, "--proxy"), ParseDelay(Required(values, "--delay"))),
            };
        }

        if (flags.Contains("--reliability"))
        {
            var publish = values.GetValueOrDefault("--publish-to", RepositoryRoot());
            return new BenchOptions
            {
                Role = BenchRole.Reliability,
                Reliability = new ReliabilityOptions(values.GetValueOrDefault("--out", DefaultResultsDirectory()), publish == "none" ? null : publish),
            };
        }

        return new BenchOptions { Role = BenchRole.Run, Run = ParseRun(values, flags, string.Join(' ', args)) };
    }

    private static RunOptions ParseRun(Dictionary<string, string> values, HashSet<string> flags, string commandLine)
    {
        var quick = flags.Contains("--quick");
        var load = values.TryGetValue("--load", out var loadName)
            ? loadName switch
            {
                "wrk" => LoadTool.Wrk,
                "driver" => LoadTool.Driver,
                _ => throw new BenchUsageException($"Unknown load generator '{loadName}'."),
            }
            : File.Exists(Wrk.Path) ? LoadTool.Wrk : LoadTool.Driver;

        var connections = ParseList(values.GetValueOrDefault("--connections", quick ? "64" : "1,64"), s => ParseInt(s, "--connections"));
        var variants = ParseList(values.GetValueOrDefault("--impls", string.Join(',', Variant.All.Select(v => v.Name))), ParseVariant);
        var scenarios = ParseList(values.GetValueOrDefault("--scenarios", string.Join(',', Scenario.Measured.Select(s => s.Name))), ParseScenario);
        var delays = values.GetValueOrDefault("--delays", "0,0.25,0.5");
        var publish = values.GetValueOrDefault("--publish-to", RepositoryRoot());
        return new RunOptions(
            Engines: ParseList(values.GetValueOrDefault("--engines", $"{RedisEngineNames.RedisServer},{RedisEngineNames.Garnet}"), ParseEngine),
            Connections: connections,
            Delays: delays == "none" ? [] : ParseList(delays, d => ParseDelay(d + "ms")),
            LatencyConnections: ParseList(values.GetValueOrDefault("--latency-connections", $"1,{connections.Max()}"), s => ParseInt(s, "--latency-connections")),
            Duration: ParseDuration(values.GetValueOrDefault("--duration", quick ? "2s" : "5s")),
            WarmUp: ParseDelay(values.GetValueOrDefault("--warmup", quick ? "1s" : "3s")),
            Rounds: ParseInt(values.GetValueOrDefault("--rounds", quick ? "1" : "5"), "--rounds"),
            SideRounds: ParseInt(values.GetValueOrDefault("--side-rounds", quick ? "1" : "3"), "--side-rounds"),
            Variants: variants,
            LatencyVariants: values.TryGetValue("--latency-impls", out var latencyImpls)
                ? ParseList(latencyImpls, ParseVariant)
                : [.. new[] { Variant.Builtin, Variant.Store }.Where(variants.Contains)],
            Scenarios: scenarios,
            LatencyScenarios: values.TryGetValue("--latency-scenarios", out var latencyScenarios)
                ? ParseList(latencyScenarios, ParseScenario)
                : [.. new[] { Scenario.Read, Scenario.WriteOne }.Where(scenarios.Contains)],
            // The no-session app never talks to Redis: on the cluster it would only measure the machine again.
            ClusterVariants: flags.Contains("--no-cluster") ? []
                : values.TryGetValue("--cluster-impls", out var clusterImpls) ? ParseList(clusterImpls, ParseVariant)
                : [.. new[] { Variant.Builtin, Variant.Store, Variant.Ceiling }.Where(variants.Contains)],
            ClusterScenarios: values.TryGetValue("--cluster-scenarios", out var clusterScenarios)
                ? ParseList(clusterScenarios, ParseScenario)
                : [.. new[] { Scenario.Read, Scenario.WriteOne }.Where(scenarios.Contains)],
            Load: load,
            CountedRequests: ParseInt(values.GetValueOrDefault("--count", "200"), "--count"),
            ResultsDirectory: values.GetValueOrDefault("--out") ?? DefaultResultsDirectory(),
            PublishRoot: publish == "none" ? null : publish,
            Quick: quick,
            CommandLine: commandLine);
    }

    private static RedisEngine ParseEngine(string name) =>
        RedisEngineNames.Parse(name) ?? throw new BenchUsageException($"Unknown engine '{name}' ({RedisEngineNames.RedisServer}, {RedisEngineNames.Garnet}).");

    /// <summary>A time that may be zero (a delay, a warm-up), in wrk's notation: 0, 0.25ms, 3s.</summary>
    private static TimeSpan ParseDelay(string text) => text is "0" or "0ms" ? TimeSpan.Zero : ParseDuration(text);

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new BenchUsageException($"Option {name} is required here.");

    private static Variant ParseVariant(string name) =>
        Variant.Find(name) ?? throw new BenchUsageException($"Unknown implementation '{name}' ({string.Join(", ", Variant.All.Select(v => v.Name))}).");

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
