using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>
/// The seed's troubleshooting commands (<c>redis-cli ping</c>, <c>info memory</c>, <c>info stats</c>) as
/// dashboard commands on each Redis resource. Each returns its figures as a one-line message and a
/// table the dashboard shows at once. Figures an engine does not report say so instead of inventing one.
/// On a cluster the parent resource sums its nodes and lists each one; a node's own commands show that node.
/// </summary>
internal static class RedisDashboardCommands
{
    public const string PingCommand = "redis-ping";
    public const string MemoryCommand = "redis-memory";
    public const string KeyspaceCommand = "redis-keyspace";

    public const string NotReported = RedisNodeInfo.NotReported;

    public static IResourceBuilder<T> WithRedisDashboardCommands<T>(this IResourceBuilder<T> builder)
        where T : IResource
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

    public static async Task<RedisCommandReport> PingAsync(IReadOnlyList<IServer> servers, CancellationToken cancellationToken)
    {
        var nodes = await RedisNodeInfo.ReadAsync(servers, "server", cancellationToken);
        var roundTrips = new List<TimeSpan>();
        foreach (var node in nodes)
        {
            roundTrips.Add(await node.Server.PingAsync().WaitAsync(cancellationToken));
        }

        var serverNames = string.Join(", ", nodes.Select(node => node.ServerName).Distinct());
        if (nodes.Count == 1)
        {
            return new("Ping",
            [
                new("round trip", Milliseconds(roundTrips[0])),
                new("server", serverNames),
                new("endpoint", nodes[0].Endpoint),
            ]);
        }

        return new("Ping",
        [
            new("round trip", Milliseconds(roundTrips.Max()) + " (slowest node)"),
            new("server", serverNames),
            new("nodes", RedisNodeInfo.Roles(nodes)),
            .. nodes.Select((node, i) => new KeyValuePair<string, string>(node.Label, Milliseconds(roundTrips[i]))),
        ]);
    }

    public static async Task<RedisCommandReport> MemoryAsync(IReadOnlyList<IServer> servers, CancellationToken cancellationToken)
    {
        var nodes = await RedisNodeInfo.ReadAsync(servers, "memory", cancellationToken);
        var maxMemory = string.Join(", ", nodes.Select(node => node.Info.GetValueOrDefault("maxmemory_human") is { } human
            ? human == "0B" ? "none (0)" : human
            : NotReported).Distinct());
        var policy = string.Join(", ", nodes.Select(node => node.Info.GetValueOrDefault("maxmemory_policy") ?? NotReported).Distinct());

        if (nodes.Count == 1)
        {
            return new("Memory", [new("used memory", nodes[0].UsedMemory), new("maxmemory", maxMemory), new("maxmemory policy", policy)]);
        }

        var total = nodes.Sum(node => RedisNodeInfo.ParseLong(node.Info.GetValueOrDefault("used_memory")) ?? 0);
        return new("Memory",
        [
            new("used memory", $"{RedisNodeInfo.HumanBytes(total)} ({nodes.Count} nodes)"),
            new("maxmemory", maxMemory + " per node"),
            new("maxmemory policy", policy),
            .. nodes.Select(node => new KeyValuePair<string, string>(node.Label, node.UsedMemory)),
        ]);
    }

    public static async Task<RedisCommandReport> KeyspaceAsync(IReadOnlyList<IServer> servers, CancellationToken cancellationToken)
    {
        var nodes = await RedisNodeInfo.ReadAsync(servers, "stats", cancellationToken);
        var keys = new List<long>();
        foreach (var node in nodes)
        {
            keys.Add(await node.Server.DatabaseSizeAsync().WaitAsync(cancellationToken));
        }

        // Garnet counts the same thing under other names: found / not found lookups.
        var hits = Sum(nodes.Select(node => RedisNodeInfo.ParseLong(node.Info.GetValueOrDefault("keyspace_hits") ?? node.Info.GetValueOrDefault("total_found"))));
        var misses = Sum(nodes.Select(node => RedisNodeInfo.ParseLong(node.Info.GetValueOrDefault("keyspace_misses") ?? node.Info.GetValueOrDefault("total_notfound"))));
        var evicted = Sum(nodes.Select(node => RedisNodeInfo.ParseLong(node.Info.GetValueOrDefault("evicted_keys"))));
        var lookups = hits + misses;
        var ratio = lookups is > 0 ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * hits!.Value / lookups.Value:0.0} %") : "n/a (no lookups yet)";

        // A replica holds copies of its primary's keys: only primaries count towards the total.
        var keyCount = nodes.Select((node, i) => node.IsPrimary ? keys[i] : 0).Sum();
        List<KeyValuePair<string, string>> figures =
        [
            new("keyspace hits", Format(hits)),
            new("keyspace misses", Format(misses)),
            new("hit ratio", ratio),
            new("evicted keys", Format(evicted)),
            new("keys", keyCount.ToString(CultureInfo.InvariantCulture)),
        ];

        if (nodes.Count > 1)
        {
            figures.AddRange(nodes.Select((node, i) => new KeyValuePair<string, string>(node.Label, string.Create(CultureInfo.InvariantCulture,
                $"{keys[i]} keys, {Format(RedisNodeInfo.ParseLong(node.Info.GetValueOrDefault("keyspace_hits")))} hits"))));
        }

        return new("Keyspace", figures);
    }

    private static async Task<ExecuteCommandResult> RunAsync(
        IResource resource,
        ExecuteCommandContext context,
        Func<IReadOnlyList<IServer>, CancellationToken, Task<RedisCommandReport>> command)
    {
        try
        {
            var connections = context.Services.GetRequiredService<RedisResourceConnections>();
            var servers = await connections.ServersAsync(resource, context.CancellationToken);
            var report = await command(servers, context.CancellationToken);
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

    private static string Milliseconds(TimeSpan roundTrip) => string.Create(CultureInfo.InvariantCulture, $"{roundTrip.TotalMilliseconds:0.###} ms");

    // A figure one node does not report is not reported for the whole cluster either.
    private static long? Sum(IEnumerable<long?> values) => values.Aggregate((long?)0, (total, value) => total + value);

    private static string Format(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? NotReported;
}
