using System.Globalization;
using System.Text.Json;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Output;
using SessionSample.Benchmarks.Redis;
using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Running;

/// <summary>
/// The whole run: Redis, the three apps, seeded sessions and their size, warm-up, exact command counts,
/// the alternating load rounds, the lost-update check, then the reports.
/// </summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(RunOptions options)
    {
        ILoadGenerator load = options.Load == LoadTool.Wrk ? new Wrk() : new LoadDriverProcess();
        var machine = MachineInfo.Collect();
        Console.WriteLine($"SessionSample benchmarks: {string.Join(", ", options.Variants.Select(v => v.Title()))}");
        Console.WriteLine($"{machine.Cores} cores ({machine.Cpu}), {machine.Memory}, {machine.DotNetRuntime}; load from {load.Description}");

        await using var redis = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            Engine = options.Engine,
            // Garnet has no MONITOR; the command counts come from its command statistics instead.
            ExtraArguments = options.Engine == RedisEngine.Garnet ? ["--commandstats-monitor"] : [],
        });
        await using var admin = await redis.ConnectAdminAsync();
        var results = new BenchResults
        {
            Options = options,
            Machine = machine,
            RedisVersion = await RedisVersionAsync(admin, options.Engine),
            LoadGenerator = load.Description,
        };
        Console.WriteLine($"{results.RedisVersion} on 127.0.0.1:{redis.Port} (password set)");

        var apps = new List<AppProcess>();
        var sessions = new Dictionary<Variant, (SessionClient Read, SessionClient Write)>();
        try
        {
            foreach (var variant in options.Variants)
            {
                apps.Add(await AppProcess.StartAsync(variant, redis));
                Console.WriteLine($"  {variant.Title(),-20} {apps[^1].BaseAddress}");
            }

            var cpu = CpuAccounting.Start();
            await SeedAsync(apps, admin, sessions, results);
            var cookies = sessions.ToDictionary(s => s.Key, s => (s.Value.Read.Cookies.Header, s.Value.Write.Cookies.Header));
            await WarmUpAsync(apps, load, cookies, options);
            await CountCommandsAsync(apps, redis, admin, sessions, results);
            await RunRoundsAsync(apps, redis, load, cookies, results);
            await CheckLostUpdatesAsync(apps, results);
            results.Cpu = cpu?.Stop();
            results.AppWarnings.AddRange(apps.Where(a => a.Log.Length > 0).Select(a => $"{a.Variant.Title()}: {a.Log}"));
        }
        finally
        {
            foreach (var (read, write) in sessions.Values)
            {
                read.Dispose();
                write.Dispose();
            }

            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }

        await WriteAsync(results);
        return 0;
    }

    /// <summary>
    /// Per app: one session for reads (sized as it is created) and one for writes, both holding the cart.
    /// The app without sessions gets clients without cookies.
    /// </summary>
    private static async Task SeedAsync(
        List<AppProcess> apps, ConnectionMultiplexer admin, Dictionary<Variant, (SessionClient Read, SessionClient Write)> sessions, BenchResults results)
    {
        foreach (var app in apps)
        {
            if (app.Variant == Variant.None)
            {
                sessions[app.Variant] = (new SessionClient(app.BaseAddress), new SessionClient(app.BaseAddress));
                continue;
            }

            var (read, size) = await SessionSizer.MeasureAsync(admin, app.NewSessionAsync);
            results.Sizes[app.Variant] = size;
            Console.WriteLine($"  {app.Variant.Title(),-20} session: {size.Bytes} bytes in {size.Keys.Count} key(s)");
            sessions[app.Variant] = (read, await app.NewSessionAsync());
        }
    }

    private static T For<T>(Dictionary<Variant, (T Read, T Write)> sessions, Variant variant, Scenario scenario) =>
        scenario == Scenario.WriteOne || scenario == Scenario.WriteFive ? sessions[variant].Write : sessions[variant].Read;

    private static async Task WarmUpAsync(List<AppProcess> apps, ILoadGenerator load, Dictionary<Variant, (string?, string?)> cookies, RunOptions options)
    {
        Console.WriteLine($"Warm-up: {options.WarmUp.TotalSeconds:0.#} s per app and scenario at {options.Connections.Max()} connections");
        foreach (var scenario in options.Scenarios)
        {
            foreach (var app in apps)
            {
                var result = await load.RunAsync(app.Url(scenario.Path), options.Connections.Max(), options.WarmUp, For(cookies, app.Variant, scenario));
                if (result.Errors > 0)
                {
                    Console.WriteLine($"  warning: {app.Variant.Name()} {scenario.Name}: {result.Errors} failed requests during warm-up");
                }
            }
        }
    }

    private static async Task CountCommandsAsync(
        List<AppProcess> apps, RedisServerProcess redis, ConnectionMultiplexer admin,
        Dictionary<Variant, (SessionClient, SessionClient)> sessions, BenchResults results)
    {
        var requests = results.Options.CountedRequests;
        Console.WriteLine($"Redis commands per request ({requests} sequential requests each), counted with {CommandCounter.Method(redis.Engine)}:");
        try
        {
            foreach (var scenario in results.Options.Scenarios)
            {
                foreach (var app in apps)
                {
                    var client = For(sessions, app.Variant, scenario);
                    var count = await CommandCounter.CountAsync(redis, admin, app.Variant, requests, async () =>
                    {
                        for (var i = 0; i < requests; i++)
                        {
                            using var response = await client.GetAsync(scenario.Path);
                            await SessionClient.EnsureSuccessAsync(response);
                        }

                        // Let the last request's commit reach Redis before the marker goes out.
                        await Task.Delay(100);
                    });
                    results.Commands[(app.Variant, scenario.Name)] = count;
                    Console.WriteLine($"  {scenario.Name,-10} {app.Variant.Name(),-8} {count.PerRequest,5:0.##}  ({count.Breakdown})");
                }
            }
        }
        catch (NotSupportedException e)
        {
            results.CommandCountingProblem = $"MONITOR is not available on {results.RedisVersion}: {e.Message}";
            Console.WriteLine($"  {results.CommandCountingProblem}");
        }
    }

    /// <summary>Each round visits every scenario and connection count, and within those every app in turn; the starting app rotates per round.</summary>
    private static async Task RunRoundsAsync(List<AppProcess> apps, RedisServerProcess redis, ILoadGenerator load, Dictionary<Variant, (string?, string?)> cookies, BenchResults results)
    {
        var options = results.Options;
        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = apps.Skip((round - 1) % apps.Count).Concat(apps.Take((round - 1) % apps.Count)).ToList();
            Console.WriteLine($"Round {round} of {options.Rounds} ({string.Join(", ", order.Select(a => a.Variant.Name()))}), {options.Duration.TotalSeconds:0.#} s each:");
            foreach (var scenario in options.Scenarios)
            {
                foreach (var connections in options.Connections)
                {
                    foreach (var app in order)
                    {
                        var machine = CpuAccounting.Start();
                        var (appBefore, redisBefore) = (CpuAccounting.TreeTicks(app.ProcessId), CpuAccounting.TreeTicks(redis.ProcessId));
                        var result = await load.RunAsync(app.Url(scenario.Path), connections, options.Duration, For(cookies, app.Variant, scenario));
                        var appCpu = PerRequestMicros(CpuAccounting.TreeTicks(app.ProcessId) - appBefore, result.Requests);
                        var redisCpu = PerRequestMicros(CpuAccounting.TreeTicks(redis.ProcessId) - redisBefore, result.Requests);
                        var others = machine?.Stop().OthersPercent ?? double.NaN;
                        results.Measurements.Add(new Measurement(scenario.Name, connections, app.Variant, round, result, appCpu, redisCpu, others));
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {scenario.Name,-10} c={connections,-3} {app.Variant.Name(),-8} {result.RequestsPerSecond,9:F0} req/s  p50 {result.P50Milliseconds,7:F2} ms  p99 {result.P99Milliseconds,7:F2} ms  CPU/req app {appCpu,5:F0} µs, Redis {redisCpu,4:F0} µs  others {others,3:F0}% CPU{(result.Errors > 0 ? $"  {result.Errors} errors" : "")}"));
                    }
                }
            }
        }
    }

    private static double PerRequestMicros(long ticks, long requests) =>
        requests == 0 ? double.NaN : ticks / CpuAccounting.TicksPerSecond * 1_000_000 / requests;

    private static async Task CheckLostUpdatesAsync(List<AppProcess> apps, BenchResults results)
    {
        Console.WriteLine($"Lost updates ({LostUpdateCheck.Writers} concurrent writes of different keys under one cookie):");
        foreach (var app in apps.Where(a => a.Variant != Variant.None))
        {
            var outcomes = results.LostUpdates[app.Variant] = [];
            for (var round = 0; round < results.Options.Rounds; round++)
            {
                outcomes.Add(await LostUpdateCheck.RunAsync(app));
            }

            Console.WriteLine($"  {app.Variant.Name(),-8} lost {string.Join(", ", outcomes.Select(o => $"{o.Lost}/{o.Written}"))}");
        }
    }

    private static async Task<string> RedisVersionAsync(ConnectionMultiplexer admin, RedisEngine engine)
    {
        var info = (await admin.GetServers().Single().InfoAsync("server")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value);
        return engine == RedisEngine.Garnet
            ? $"Garnet {info.GetValueOrDefault("garnet_version", "(version unknown)")}"
            : $"redis-server {info.GetValueOrDefault("redis_version", "(version unknown)")}";
    }

    private static async Task WriteAsync(BenchResults results)
    {
        var directory = results.Options.ResultsDirectory;
        Directory.CreateDirectory(Path.Combine(directory, "raw"));
        var markdown = ResultsMarkdown.Write(results);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(directory, "chart.svg"), ResultsChart.Write(results));
        await File.WriteAllTextAsync(
            Path.Combine(directory, "raw", $"measurements-{results.Machine.Date:yyyyMMdd-HHmmss}.json"),
            JsonSerializer.Serialize(results.Measurements.Select(m => new { m.Scenario, m.Connections, Variant = m.Variant.Name(), m.Round, m.Result, m.AppCpuMicros, m.RedisCpuMicros, m.OthersCpuPercent }), s_indented));
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Wrote {Path.Combine(directory, "results.md")} and chart.svg");
    }

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
}
