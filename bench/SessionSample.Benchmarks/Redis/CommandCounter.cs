using SessionSample.Benchmarks.Hosting;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Redis;

/// <summary>Redis commands one app sent per request, with the breakdown by command name.</summary>
public sealed record CommandCount(double PerRequest, IReadOnlyDictionary<string, double> ByCommand, int ScriptInternal)
{
    public string Breakdown => ByCommand.Count == 0
        ? "none"
        : string.Join(", ", ByCommand.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key} {c.Value:0.##}"));
}

/// <summary>
/// Counts, from the server side, the commands an app sends while it serves a fixed number of
/// requests: MONITOR lines whose client address belongs to that app (by the client name its
/// connections carry). Lines a Lua script runs show as <c>lua</c> and are not round trips: they are
/// reported apart and never counted.
/// </summary>
public static class CommandCounter
{
    private const string Marker = "bench-marker";

    public static Task<CommandCount> CountAsync(RedisServer server, ConnectionMultiplexer admin, Variant variant, int requests, Func<Task> sendRequests) =>
        server.Engine == RedisEngine.Garnet
            ? CountWithCommandStatsAsync(admin, requests, sendRequests)
            : CountWithMonitorAsync(server, admin, variant, requests, sendRequests);

    /// <summary>How <see cref="CountAsync"/> counts on this engine, for the report.</summary>
    public static string Method(RedisEngine engine) => engine == RedisEngine.Garnet
        ? "`INFO commandstats` deltas (Garnet has no MONITOR): server-wide while only the measured app is busy, the harness's own INFO calls left out; commands a script runs inside the server count too"
        : "`MONITOR`: lines from the app's own connections only (found by client name); commands a Lua script runs inside Redis show as `lua` and are not round trips, so they are not counted";

    private static async Task<CommandCount> CountWithMonitorAsync(RedisServer server, ConnectionMultiplexer admin, Variant variant, int requests, Func<Task> sendRequests)
    {
        await using var monitor = await RedisMonitor.StartAsync(server.EndPoint, server.Password);
        await sendRequests();

        // The monitor stream is ordered: once the marker shows, every command the app sent is in.
        var db = admin.GetDatabase();
        await db.ExecuteAsync("ECHO", Marker);
        await monitor.WaitForAsync("ECHO", TimeSpan.FromSeconds(5));

        var appClients = await ClientAddressesAsync(admin, variant.RedisClientName());
        var seen = monitor.Snapshot();
        var fromApp = seen.Where(c => appClients.Contains(c.Client)).ToList();
        var byCommand = fromApp.GroupBy(c => c.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (double)g.Count() / requests, StringComparer.Ordinal);
        return new CommandCount((double)fromApp.Count / requests, byCommand, seen.Count(c => c.FromScript));
    }

    private static async Task<CommandCount> CountWithCommandStatsAsync(ConnectionMultiplexer admin, int requests, Func<Task> sendRequests)
    {
        var server = admin.GetServers().Single();
        var before = await CommandStatsAsync(server);
        await sendRequests();
        var after = await CommandStatsAsync(server);
        var byCommand = after
            .Where(a => a.Key != "INFO")
            .Select(a => (a.Key, Calls: a.Value - before.GetValueOrDefault(a.Key)))
            .Where(c => c.Calls > 0)
            .ToDictionary(c => c.Key, c => (double)c.Calls / requests, StringComparer.Ordinal);
        return new CommandCount(byCommand.Values.Sum(), byCommand, ScriptInternal: 0);
    }

    private static async Task<Dictionary<string, long>> CommandStatsAsync(IServer server)
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in (await server.InfoAsync("commandstats")).SelectMany(g => g))
        {
            // cmdstat_hmget:calls=12,usec=...
            var calls = value.Split(',').FirstOrDefault(v => v.StartsWith("calls=", StringComparison.Ordinal));
            if (key.StartsWith("cmdstat_", StringComparison.Ordinal) && calls is not null)
            {
                stats[key["cmdstat_".Length..].ToUpperInvariant()] = long.Parse(calls["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return stats;
    }

    private static async Task<HashSet<string>> ClientAddressesAsync(ConnectionMultiplexer admin, string clientName)
    {
        var server = admin.GetServers().Single();
        var clients = await server.ClientListAsync();
        return [.. clients.Where(c => c.Name == clientName).Select(c => AddressOf(c.Raw ?? ""))];
    }

    private static string AddressOf(string raw) =>
        raw.Split(' ').FirstOrDefault(field => field.StartsWith("addr=", StringComparison.Ordinal))?["addr=".Length..] ?? "";
}
