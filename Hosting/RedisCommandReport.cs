using System.Globalization;
using System.Text;

namespace RedisSessions.Hosting;

/// <summary>What a dashboard command found, as labelled figures.</summary>
internal sealed record RedisCommandReport(string Title, IReadOnlyList<KeyValuePair<string, string>> Figures)
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
