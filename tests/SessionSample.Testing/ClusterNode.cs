using System.Globalization;

namespace SessionSample.Testing;

/// <summary>One line of CLUSTER NODES: a node, its role, its health and, for a primary, its slots.</summary>
public sealed record ClusterNode(string Id, int Port, bool IsPrimary, bool Failed, string? PrimaryId, IReadOnlyList<(int First, int Last)> Slots)
{
    public bool Serves(int slot) => Slots.Any(range => range.First <= slot && slot <= range.Last);

    /// <summary>
    /// Parses <c>&lt;id&gt; &lt;ip:port@bus&gt; &lt;flags&gt; &lt;primary&gt; &lt;ping&gt; &lt;pong&gt; &lt;epoch&gt; &lt;link&gt; &lt;slot&gt;...</c>,
    /// where a slot is <c>5461</c> or <c>0-5460</c>; slots being moved (<c>[...]</c>) are left out.
    /// </summary>
    public static IReadOnlyList<ClusterNode> ParseAll(string clusterNodes) =>
        [.. clusterNodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];

    private static ClusterNode Parse(string line)
    {
        var fields = line.Split(' ');
        var address = fields[1].Split('@')[0];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var flags = fields[2].Split(',');
        var slots = fields.Skip(8).Where(slot => !slot.StartsWith('[')).Select(slot =>
        {
            var bounds = slot.Split('-');
            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            return (first, bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first);
        }).ToList();

        return new ClusterNode(
            fields[0],
            port,
            IsPrimary: flags.Contains("master"),
            Failed: flags.Contains("fail") || flags.Contains("fail?"),
            PrimaryId: fields[3] == "-" ? null : fields[3],
            slots);
    }
}
