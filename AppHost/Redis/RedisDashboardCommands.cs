using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace SessionSample.AppHost.Redis;

/// <summary>
/// The seed's troubleshooting commands (<c>redis-cli ping</c>, <c>info memory</c>, <c>info stats</c>) as
/// dashboard commands on each Redis resource. Each returns its figures as a one-line message and a
/// table the dashboard shows at once. Figures an engine does not report say so instead of inventing one.
/// </summary>
public static class RedisDashboardCommands
{
    public const string PingCommand = "redis-ping";
    public const string MemoryCommand = "redis-memory";
    public const string KeyspaceCommand = "redis-keyspace";

    public const string NotReported = "not reported";

    public static IResourceBuilder<T> WithRedisDashboardCommands<T>(this IResourceBuilder<T> builder)
        where T : IResourceWithConnectionString
    {
        builder.ApplicationBuilder.Services.TryAddSingleton<RedisResourceConnections>();
        builder.WithCommand(PingCommand, "Ping", context => RunAsync(builder.Resource, context, PingAsync),
            Options("Round-trip time of an authenticated PING (redis-cli ping)", "PlugConnected"));
        builder.WithCommand(MemoryCommand, "Memory", context => RunAsync(builder.Resource, context, MemoryAsync),
            Options("Used memory, maxmemory and eviction policy (redis-cli info memory)", "Database"));
        builder.WithCommand(KeyspaceCommand, "Keyspace", context => RunAsync(builder.Resource, context, KeyspaceAsync),
            Options("Keyspace hits, misses, hit ratio, evicted keys and key count (redis-cli info stats)", "DataHistogram"));
        return builder;
    }

    public static async Task<RedisCommandReport> PingAsync(IConnectionMultiplexer connection, CancellationToken cancellationToken)
    {
        var server = SingleServer(connection);
        var roundTrip = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        var info = await InfoAsync(server, "server", cancellationToken);

        return new("Ping",
        [
            new("round trip", string.Create(CultureInfo.InvariantCulture, $"{roundTrip.TotalMilliseconds:0.###} ms")),
            new("server", ServerName(info)),
            new("endpoint", server.EndPoint.ToString() ?? NotReported),
        ]);
    }

    public static async Task<RedisCommandReport> MemoryAsync(IConnectionMultiplexer connection, CancellationToken cancellationToken)
    {
        var info = await InfoAsync(SingleServer(connection), "memory", cancellationToken);

        // Garnet has no used_memory; its closest figure is the process' resident memory.
        var used = info.GetValueOrDefault("used_memory_human")
            ?? (long.TryParse(info.GetValueOrDefault("proc_physical_memory_size"), out var resident) ? HumanBytes(resident) + " (process)" : NotReported);
        var maxMemory = info.GetValueOrDefault("maxmemory_human") is { } human
            ? human == "0B" ? "none (0)" : human
            : NotReported;

        return new("Memory",
        [
            new("used memory", used),
            new("maxmemory", maxMemory),
            new("maxmemory policy", info.GetValueOrDefault("maxmemory_policy") ?? NotReported),
        ]);
    }

    public static async Task<RedisCommandReport> KeyspaceAsync(IConnectionMultiplexer connection, CancellationToken cancellationToken)
    {
        var server = SingleServer(connection);
        var stats = await InfoAsync(server, "stats", cancellationToken);
        var keys = await server.DatabaseSizeAsync().WaitAsync(cancellationToken);

        // Garnet counts the same thing under other names: found / not found lookups.
        var hits = ParseLong(stats.GetValueOrDefault("keyspace_hits") ?? stats.GetValueOrDefault("total_found"));
        var misses = ParseLong(stats.GetValueOrDefault("keyspace_misses") ?? stats.GetValueOrDefault("total_notfound"));
        var lookups = hits + misses;
        var ratio = lookups is > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * hits!.Value / lookups.Value:0.0} %") : "n/a (no lookups yet)";

        return new("Keyspace",
        [
            new("keyspace hits", hits?.ToString(CultureInfo.InvariantCulture) ?? NotReported),
            new("keyspace misses", misses?.ToString(CultureInfo.InvariantCulture) ?? NotReported),
            new("hit ratio", ratio),
            new("evicted keys", stats.GetValueOrDefault("evicted_keys") ?? NotReported),
            new("keys", keys.ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    private static async Task<ExecuteCommandResult> RunAsync(
        IResourceWithConnectionString resource,
        ExecuteCommandContext context,
        Func<IConnectionMultiplexer, CancellationToken, Task<RedisCommandReport>> command)
    {
        try
        {
            var connections = context.Services.GetRequiredService<RedisResourceConnections>();
            var connection = await connections.GetAsync(resource, context.CancellationToken);
            var report = await command(connection, context.CancellationToken);
            return CommandResults.Success(report.Message, report.ToMarkdown(), CommandResultFormat.Markdown, displayImmediately: true);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            return CommandResults.Failure($"{resource.Name}: {exception.Message}");
        }
    }

    private static CommandOptions Options(string description, string icon) => new()
    {
        Description = description,
        IconName = icon,
        UpdateState = context => context.ResourceSnapshot.HealthStatus is HealthStatus.Healthy
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled,
    };

    private static IServer SingleServer(IConnectionMultiplexer connection) =>
        connection.GetServers() is [var server] ? server
            : throw new InvalidOperationException("Expected exactly one Redis server behind the connection.");

    private static async Task<Dictionary<string, string>> InfoAsync(IServer server, string section, CancellationToken cancellationToken)
    {
        var groups = await server.InfoAsync(section).WaitAsync(cancellationToken);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in groups.SelectMany(group => group))
        {
            values[pair.Key] = pair.Value;
        }

        return values;
    }

    private static string ServerName(Dictionary<string, string> info) =>
        info.GetValueOrDefault("garnet_version") is { } garnet ? $"garnet {garnet}"
        : info.GetValueOrDefault("redis_version") is { } redis ? $"redis {redis}"
        : NotReported;

    private static long? ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static string HumanBytes(long bytes)
    {
        string[] units = ["B", "K", "M", "G", "T"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##}{units[unit]}");
    }
}

/// <summary>What a dashboard command found, as labelled figures.</summary>
public sealed record RedisCommandReport(string Title, IReadOnlyList<KeyValuePair<string, string>> Figures)
{
    public string this[string label] => Figures.First(figure => figure.Key == label).Value;

    /// <summary>The line the dashboard's notification shows.</summary>
    public string Message => $"{Title}: " + string.Join(", ", Figures.Select(figure => $"{figure.Key} {figure.Value}"));

    public string ToMarkdown()
    {
        var table = new StringBuilder($"| {Title} | |\n|---|---|\n");
        foreach (var (label, value) in Figures)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {label} | {value} |\n");
        }

        return table.ToString();
    }
}
