using System.Globalization;
using System.Net;
using System.Text;

namespace SessionSample.Benchmarks.Output;

/// <summary>One coloured series of bars (an implementation).</summary>
public sealed record BarSeries(string Name, string Color);

/// <summary>One group of bars (a scenario), with a note under its label (a ratio) in <see cref="NoteColor"/>.</summary>
public sealed record BarGroup(string Label, string? Note, string NoteColor, IReadOnlyList<double?> Values);

/// <summary>
/// A grouped bar chart as hand-written SVG, the value on each bar: no chart library, so it renders anywhere
/// (GitHub included). Both charts of the results are drawn by it.
/// </summary>
public static class BarChart
{
    private const int Height = 440;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 70;
    private const int Bottom = 90;

    public static string Write(string title, string subtitle, IReadOnlyList<BarSeries> series, IReadOnlyList<BarGroup> groups, Func<double, string> format, int width = 820)
    {
        var max = groups.SelectMany(g => g.Values).Max() ?? 1;
        var scaleMax = NiceCeiling(max);
        var plotWidth = width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Y(double value) => Top + plotHeight - value / scaleMax * plotHeight;

        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\">"));
        svg.AppendLine(F($"<rect width=\"{width}\" height=\"{Height}\" fill=\"#ffffff\"/>"));
        svg.AppendLine(F($"<text x=\"{Left}\" y=\"28\" font-size=\"18\" font-weight=\"600\" fill=\"#202124\">{Escape(title)}</text>"));
        svg.AppendLine(F($"<text x=\"{Left}\" y=\"48\" font-size=\"12\" fill=\"#5f6368\">{Escape(subtitle)}</text>"));

        for (var i = 0; i <= 4; i++)
        {
            var value = scaleMax * i / 4;
            var y = Y(value);
            svg.AppendLine(F($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{width - Right}\" y2=\"{y:F1}\" stroke=\"#e0e0e0\"/>"));
            svg.AppendLine(F($"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" font-size=\"11\" fill=\"#5f6368\" text-anchor=\"end\">{Escape(format(value))}</text>"));
        }

        var groupWidth = (double)plotWidth / Math.Max(1, groups.Count);
        var barWidth = Math.Min(56, groupWidth * 0.8 / Math.Max(1, series.Count));
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var groupLeft = Left + g * groupWidth + (groupWidth - barWidth * series.Count) / 2;
            for (var b = 0; b < series.Count; b++)
            {
                var x = groupLeft + b * barWidth;
                if (group.Values[b] is not { } value)
                {
                    svg.AppendLine(F($"<text x=\"{x + barWidth / 2:F1}\" y=\"{Y(0) - 6:F1}\" font-size=\"11\" fill=\"#5f6368\" text-anchor=\"middle\">n/a</text>"));
                    continue;
                }

                var y = Y(value);
                svg.AppendLine(F($"<rect x=\"{x + 2:F1}\" y=\"{y:F1}\" width=\"{barWidth - 4:F1}\" height=\"{Y(0) - y:F1}\" fill=\"{series[b].Color}\"><title>{Escape(series[b].Name)}: {Escape(format(value))}</title></rect>"));
                svg.AppendLine(F($"<text x=\"{x + barWidth / 2:F1}\" y=\"{y - 5:F1}\" font-size=\"11\" fill=\"#202124\" text-anchor=\"middle\">{Escape(format(value))}</text>"));
            }

            var center = Left + g * groupWidth + groupWidth / 2;
            svg.AppendLine(F($"<text x=\"{center:F1}\" y=\"{Y(0) + 20:F1}\" font-size=\"13\" fill=\"#202124\" text-anchor=\"middle\">{Escape(group.Label)}</text>"));
            if (group.Note is { } note)
            {
                svg.AppendLine(F($"<text x=\"{center:F1}\" y=\"{Y(0) + 36:F1}\" font-size=\"12\" fill=\"{group.NoteColor}\" text-anchor=\"middle\">{Escape(note)}</text>"));
            }
        }

        svg.AppendLine(F($"<line x1=\"{Left}\" y1=\"{Y(0):F1}\" x2=\"{width - Right}\" y2=\"{Y(0):F1}\" stroke=\"#5f6368\"/>"));

        var legendX = (double)Left;
        foreach (var s in series)
        {
            svg.AppendLine(F($"<rect x=\"{legendX:F1}\" y=\"{Height - 34}\" width=\"14\" height=\"14\" fill=\"{s.Color}\"/>"));
            svg.AppendLine(F($"<text x=\"{legendX + 20:F1}\" y=\"{Height - 22}\" font-size=\"13\" fill=\"#202124\">{Escape(s.Name)}</text>"));
            legendX += 40 + s.Name.Length * 7.5;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at or above the largest bar.</summary>
    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(value, 1e-9))));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(step => step * magnitude).First(candidate => candidate >= value);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
