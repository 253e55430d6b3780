using System.Globalization;

namespace RedisSessions.Hosting;

/// <summary>
/// A CLUSTER INFO reply (<c>field:value</c> lines) and whether it says the node sees every slot served.
/// The AppHost's cluster health check and the tests' cluster launcher share this one definition
/// (tests/SessionSample.Testing compiles this file too, hence internal).
/// </summary>
internal sealed class ClusterInfo
{
    public const int SlotCount = 16384;

    private readonly Dictionary<string, string> _fields;

    private ClusterInfo(Dictionary<string, string> fields) => _fields = fields;

    public string State => _fields.GetValueOrDefault("cluster_state", "unknown");

    public int KnownNodes => Number("cluster_known_nodes");

    public int SlotsAssigned => Number("cluster_slots_assigned");

    public int SlotsOk => Number("cluster_slots_ok");

    /// <summary>Why this node does not see the whole cluster serving, or null when it does.</summary>
    public string? Problem =>
        State != "ok" ? $"cluster_state:{State}"
        : SlotsAssigned != SlotCount ? $"{SlotsAssigned} of {SlotCount} slots assigned"
        : SlotsOk != SlotCount ? $"{SlotsOk} of {SlotCount} slots served (pfail {Number("cluster_slots_pfail")}, fail {Number("cluster_slots_fail")})"
        : null;

    public static ClusterInfo Parse(string reply) => new(reply
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split(':', 2))
        .Where(pair => pair.Length == 2)
        .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal));

    private int Number(string field) =>
        int.TryParse(_fields.GetValueOrDefault(field), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
