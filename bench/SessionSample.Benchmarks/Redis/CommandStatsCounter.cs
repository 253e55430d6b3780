using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Redis;

/// <summary>
/// Counts with <c>INFO commandstats</c> deltas, for Garnet (no MONITOR; started with
/// <c>--commandstats-monitor</c>): server-wide, so only while the measured app alone is busy, the
/// harness's own INFO calls left out; commands a script runs inside the server count too. A counting
/// proxy would see only the app, but it would have to sit in the app's path for the whole run.
/// </summary>
public sealed class CommandStatsCounter(ConnectionMultiplexer admin) : ICommandCounter
{
    public async Task<CapturedCommands> CaptureAsync(Func<Task> action)
    {
        var server = admin.GetServers().Single();
        var before = await CommandStatsAsync(server);
        await action();
        var after = await CommandStatsAsync(server);
        var commands = after
            .Where(stat => stat.Key != "INFO")
            .SelectMany(stat => Enumerable.Repeat(stat.Key, (int)(stat.Value - before.GetValueOrDefault(stat.Key))))
            .ToList();
        return new CapturedCommands(commands, insideScripts: null);
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
}
