using System.Globalization;
using System.Text;

namespace SessionSample.Benchmarks.Output;

/// <summary>The small pieces every generated Markdown section uses.</summary>
internal static class Markdown
{
    /// <summary>A table; <paramref name="alignment"/> has one letter per column, <c>l</c> or <c>r</c>.</summary>
    public static void Table(StringBuilder md, IReadOnlyList<string> headers, string alignment, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.AppendLine($"| {string.Join(" | ", headers)} |");
        md.AppendLine($"|{string.Concat(alignment.Select(a => a == 'r' ? "---:|" : "---|"))}");
        foreach (var row in rows)
        {
            md.AppendLine($"| {string.Join(" | ", row)} |");
        }
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static string Ratio(double value) => double.IsFinite(value) ? Invariant($"{value:F2} ×") : "—";

    public static string Number(double value, string format = "F0") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "—";
}
