using System.Globalization;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Load;
using SessionSample.Benchmarks.Redis;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Running;

/// <summary>
/// One series: a fresh server or cluster (<see cref="SeriesRedis"/>; behind the delay proxy for a latency series), its apps, seeded sessions and
/// their size, warm-up, exact command counts, the alternating load rounds and the lost-update check.
/// </summary>
public static class SeriesRunner
{
    public static async Task<SeriesResult> RunAsync(Series series, RunOptions options, ILoadGenerator load)
    {
        Console.WriteLine();
        Console.WriteLine($"== {series.Title}: {string.Join(", ", series.Variants.Select(v => v.Name))}");
        await using var redis = await SeriesRedis.StartAsync(series);
        var result = new SeriesResult(series, redis.Version);
        Console.WriteLine($"{result.ServerVersion} on {redis.Where} (password set)");

        ProxyProcess? proxy = null;
        var apps = new List<AppProcess>();
        var sessions = new Dictionary<Variant, (SessionClient Read, SessionClient Write)>();
        try
        {
            var connection = redis.ConnectionString;
            if (series.OneWay is { } oneWay && redis.Single is { } server)
            {
                proxy = await ProxyProcess.StartAsync(server.Port, oneWay);
                connection = $"127.0.0.1:{proxy.Port},password={server.Password},abortConnect=false,connectTimeout=2000";
                result.RoundTrip = await RoundTripProbe.MeasureAsync(server, proxy.Port);
                var idle = await proxy.LatenessAsync();
                Console.WriteLine(Invariant($"Delay proxy on {proxy.Port}: nominal {Series.Milliseconds(oneWay)} ms each way; PING {result.RoundTrip.DirectMicros:F0} µs direct, {result.RoundTrip.ProxiedMicros:F0} µs through it (+{result.RoundTrip.AddedMicros:F0} µs); chunks late p50 {idle.P50Micros:F0} µs, p99 {idle.P99Micros:F0} µs"));
            }

            apps.AddRange(await Task.WhenAll(series.Variants.Select(v => AppProcess.StartAsync(v, connection))));
            foreach (var app in apps)
            {
                Console.WriteLine($"  {app.Variant.Title,-24} {app.BaseAddress}");
            }

            await SeedAsync(apps, redis, sessions, result);
            var cookies = sessions.ToDictionary(s => s.Key, s => (s.Value.Read.Cookies.Header, s.Value.Write.Cookies.Header));
            await WarmUpAsync(apps, load, cookies, series, options.WarmUp);
            if (series.Kind != SeriesKind.Latency)
            {
                await CountCommandsAsync(apps, redis, sessions, result, options.CountedRequests);
            }

            await RunRoundsAsync(apps, redis, proxy, load, cookies, result, options.Duration);
            if (series.Kind != SeriesKind.Latency)
            {
                await CheckLostUpdatesAsync(apps, result);
            }

            if (proxy is not null)
            {
                result.Lateness = await proxy.LatenessAsync();
                Console.WriteLine(Invariant($"Delay proxy lateness over {result.Lateness.Chunks} chunks: p50 {result.Lateness.P50Micros:F0} µs, p99 {result.Lateness.P99Micros:F0} µs, max {result.Lateness.MaxMicros:F0} µs"));
            }

            result.AppWarnings.AddRange(apps.Where(a => a.Log.Length > 0).Select(a => $"{a.Variant.Title}: {a.Log}"));
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

            if (proxy is not null)
            {
                await proxy.DisposeAsync();
            }
        }

        return result;
    }

    /// <summary>
    /// Per app with sessions: one session for reads (sized as it is created, on one server on loopback) and one
    /// for writes, both holding the cart. Apps without sessions get clients without cookies.
    /// </summary>
    private static async Task SeedAsync(
        List<AppProcess> apps, SeriesRedis redis, Dictionary<Variant, (SessionClient Read, SessionClient Write)> sessions, SeriesResult result)
    {
        foreach (var app in apps)
        {
            if (!app.Variant.HasSessions)
            {
                sessions[app.Variant] = (new SessionClient(app.BaseAddress), new SessionClient(app.BaseAddress));
                continue;
            }

            SessionClient read;
            if (result.Series.Kind == SeriesKind.Loopback && redis.Admin is { } admin)
            {
                (read, var size) = await SessionSizer.MeasureAsync(admin, app.NewSessionAsync);
                result.Sizes[app.Variant] = size;
                Console.WriteLine($"  {app.Variant.Title,-24} session: {size.Bytes} bytes in {size.Keys.Count} key(s)");
            }
            else
            {
                read = await app.NewSessionAsync();
            }

            sessions[app.Variant] = (read, await app.NewSessionAsync());
        }
    }

    private static T For<T>(Dictionary<Variant, (T Read, T Write)> sessions, Variant variant, Scenario scenario) =>
        scenario == Scenario.WriteOne || scenario == Scenario.WriteFive ? sessions[variant].Write : sessions[variant].Read;

    private static async Task WarmUpAsync(List<AppProcess> apps, ILoadGenerator load, Dictionary<Variant, (string?, string?)> cookies, Series series, TimeSpan warmUp)
    {
        if (warmUp <= TimeSpan.Zero)
        {
            return;
        }

        Console.WriteLine($"Warm-up: {warmUp.TotalSeconds:0.#} s per app and scenario at {series.TopConnections} connections");
        foreach (var scenario in series.Scenarios)
        {
            foreach (var app in apps)
            {
                var result = await load.RunAsync(app.Url(scenario.Path), series.TopConnections, warmUp, For(cookies, app.Variant, scenario));
                if (result.Errors > 0)
                {
                    Console.WriteLine($"  warning: {app.Variant.Name} {scenario.Name}: {result.Errors} failed requests during warm-up");
                }
            }
        }
    }

    private static async Task CountCommandsAsync(
        List<AppProcess> apps, SeriesRedis redis,
        Dictionary<Variant, (SessionClient, SessionClient)> sessions, SeriesResult result, int requests)
    {
        Console.WriteLine($"Redis commands per request ({requests} sequential requests each), counted with {CommandCounter.Method(result.Series)}:");
        try
        {
            foreach (var scenario in result.Series.Scenarios)
            {
                foreach (var app in apps)
                {
                    var client = For(sessions, app.Variant, scenario);
                    var count = await redis.CountCommandsAsync(app.Variant, requests, async () =>
                    {
                        for (var i = 0; i < requests; i++)
                        {
                            using var response = await client.GetAsync(scenario.Path);
                            await SessionClient.EnsureSuccessAsync(response);
                        }

                        // Let the last request's commit reach Redis before the marker goes out.
                        await Task.Delay(100);
                    });
                    result.Commands[(app.Variant, scenario.Name)] = count;
                    Console.WriteLine($"  {scenario.Name,-10} {app.Variant.Name,-8} {count.PerRequest,5:0.##}  ({count.Breakdown})");
                }
            }
        }
        catch (NotSupportedException e)
        {
            result.CommandCountingProblem = $"MONITOR is not available on {result.ServerVersion}: {e.Message}";
            Console.WriteLine($"  {result.CommandCountingProblem}");
        }
    }

    /// <summary>Each round visits every scenario and connection count, and within those every app in turn; the starting app rotates per round.</summary>
    private static async Task RunRoundsAsync(
        List<AppProcess> apps, SeriesRedis redis, ProxyProcess? proxy, ILoadGenerator load,
        Dictionary<Variant, (string?, string?)> cookies, SeriesResult result, TimeSpan duration)
    {
        var series = result.Series;
        for (var round = 1; round <= series.Rounds; round++)
        {
            var order = apps.Skip((round - 1) % apps.Count).Concat(apps.Take((round - 1) % apps.Count)).ToList();
            Console.WriteLine($"Round {round} of {series.Rounds} ({string.Join(", ", order.Select(a => a.Variant.Name))}), {duration.TotalSeconds:0.#} s each:");
            foreach (var scenario in series.Scenarios)
            {
                foreach (var connections in series.Connections)
                {
                    foreach (var app in order)
                    {
                        var machine = CpuAccounting.Start();
                        var before = (App: CpuAccounting.TreeTicks(app.ProcessId), Redis: redis.CpuTicks(), Proxy: proxy is null ? 0 : CpuAccounting.TreeTicks(proxy.ProcessId));
                        var measured = await load.RunAsync(app.Url(scenario.Path), connections, duration, For(cookies, app.Variant, scenario));
                        var appCpu = PerRequestMicros(CpuAccounting.TreeTicks(app.ProcessId) - before.App, measured.Requests);
                        var redisCpu = PerRequestMicros(redis.CpuTicks() - before.Redis, measured.Requests);
                        var proxyCpu = proxy is null ? double.NaN : PerRequestMicros(CpuAccounting.TreeTicks(proxy.ProcessId) - before.Proxy, measured.Requests);
                        var others = machine?.Stop().OthersPercent ?? double.NaN;
                        result.Measurements.Add(new Measurement(scenario.Name, connections, app.Variant, round, measured, appCpu, redisCpu, proxyCpu, others));
                        Console.WriteLine(Invariant(
                            $"  {scenario.Name,-10} c={connections,-3} {app.Variant.Name,-8} {measured.RequestsPerSecond,9:F0} req/s  p50 {measured.P50Milliseconds,7:F2} ms  p99 {measured.P99Milliseconds,7:F2} ms  CPU/req app {appCpu,5:F0} µs, Redis {redisCpu,4:F0} µs{(proxy is null ? "" : $", proxy {proxyCpu,4:F0} µs")}  others {others,3:F0}% CPU{(measured.Errors > 0 ? $"  {measured.Errors} errors" : "")}"));
                    }
                }
            }
        }
    }

    private static double PerRequestMicros(long ticks, long requests) =>
        requests == 0 ? double.NaN : ticks / CpuAccounting.TicksPerSecond * 1_000_000 / requests;

    private static async Task CheckLostUpdatesAsync(List<AppProcess> apps, SeriesResult result)
    {
        Console.WriteLine($"Lost updates ({LostUpdateCheck.Writers} concurrent writes of different keys under one cookie):");
        foreach (var app in apps.Where(a => a.Variant.HasSessions))
        {
            var outcomes = result.LostUpdates[app.Variant] = [];
            for (var round = 0; round < result.Series.Rounds; round++)
            {
                outcomes.Add(await LostUpdateCheck.RunAsync(app));
            }

            Console.WriteLine($"  {app.Variant.Name,-8} lost {string.Join(", ", outcomes.Select(o => $"{o.Lost}/{o.Written}"))}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
