using System.Globalization;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>One INFO section of one server, with its role when it is a node of a cluster.</summary>
internal sealed record RedisNodeInfo(IServer Server, IReadOnlyDictionary<string, string> Info, string? Role)
{
    public const string NotReported = "not reported";

    public string Endpoint => Server.EndPoint.ToString() ?? NotReported;

    /// <summary>The row name of a node in a cluster's table.</summary>
    public string Label => Role is null ? Endpoint : $"{Endpoint} ({Role})";

    public bool IsPrimary => Role != "replica";

    public string ServerName =>
        Info.GetValueOrDefault("garnet_version") is { } garnet ? $"garnet {garnet}"
        : Info.GetValueOrDefault("redis_version") is { } redis ? $"redis {redis}"
        : NotReported;

    // Garnet has no used_memory; its closest figure is the process' resident memory.
    public string UsedMemory =>
        Info.GetValueOrDefault("used_memory_human")
        ?? (ParseLong(Info.GetValueOrDefault("proc_physical_memory_size")) is { } resident ? HumanBytes(resident) + " (process)" : NotReported);

    /// <summary>Reads <paramref name="section"/> from each server; with more than one, also each one's role.</summary>
    public static async Task<IReadOnlyList<RedisNodeInfo>> ReadAsync(IReadOnlyList<IServer> servers, string section, CancellationToken cancellationToken)
    {
        var nodes = new List<RedisNodeInfo>();
        foreach (var server in servers)
        {
            var info = await InfoAsync(server, section, cancellationToken);
            var role = servers.Count == 1 ? null
                : (await InfoAsync(server, "replication", cancellationToken)).GetValueOrDefault("role") switch
                {
                    "master" => "primary",
                    "slave" => "replica",
                    var other => other ?? NotReported,
                };
            nodes.Add(new(server, info, role));
        }

        return nodes;
    }

    /// <summary>"3 primaries, 3 replicas".</summary>
    public static string Roles(IReadOnlyList<RedisNodeInfo> nodes)
    {
        var primaries = nodes.Count(node => node.IsPrimary);
        return $"{primaries} primaries, {nodes.Count - primaries} replicas";
    }

    public static long? ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    public static string HumanBytes(long bytes)
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
}
