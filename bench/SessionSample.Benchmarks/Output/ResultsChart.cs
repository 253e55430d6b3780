using System.Globalization;
using System.Net;
using System.Text;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Benchmarks.Running;

namespace SessionSample.Benchmarks.Output;

/// <summary>
/// bench/results/chart.svg, written by hand: requests per second per scenario at the highest connection
/// count, one bar per implementation, the value on each bar. No chart library, so it renders anywhere.
/// </summary>
public static class ResultsChart
{
    private const int Width = 820;
    private const int Height = 440;
    private const int Left = 70;
    private const int Right = 20;
    private const int Top = 70;
    private const int Bottom = 90;

    private static readonly Dictionary<Variant, string> s_colors = new()
    {
        [Variant.None] = "#9aa0a6",
        [Variant.Builtin] = "#e8710a",
        [Variant.Store] = "#1a73e8",
    };

    public static string Write(BenchResults results)
    {
        var connections = results.TopConnections;
        var scenarios = results.Options.Scenarios;
        var variants = results.Variants;
        var values = scenarios.ToDictionary(s => s, s => variants.ToDictionary(v => v, v => results.Summarize(s, connections, v)?.RequestsPerSecond));
        var max = values.Values.SelectMany(v => v.Values).Max() ?? 1;
        var scaleMax = NiceCeiling(max);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Y(double value) => Top + plotHeight - value / scaleMax * plotHeight;

        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\">"));
        svg.AppendLine(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>"));
        svg.AppendLine(F($"<text x=\"{Left}\" y=\"28\" font-size=\"18\" font-weight=\"600\" fill=\"#202124\">Requests per second at {connections} connections (higher is better)</text>"));
        svg.AppendLine(F($"<text x=\"{Left}\" y=\"48\" font-size=\"12\" fill=\"#5f6368\">Median of {results.Options.Rounds} round(s) · {Escape(results.RedisVersion)} · {results.Machine.Cores} cores shared by app, Redis and load · {results.Machine.Date:yyyy-MM-dd}</text>"));

        for (var i = 0; i <= 4; i++)
        {
            var value = scaleMax * i / 4;
            var y = Y(value);
            svg.AppendLine(F($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Width - Right}\" y2=\"{y:F1}\" stroke=\"#e0e0e0\"/>"));
            svg.AppendLine(F($"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" font-size=\"11\" fill=\"#5f6368\" text-anchor=\"end\">{Compact(value)}</text>"));
        }

        var groupWidth = (double)plotWidth / scenarios.Count;
        var barWidth = Math.Min(56, groupWidth * 0.75 / variants.Count);
        for (var g = 0; g < scenarios.Count; g++)
        {
            var scenario = scenarios[g];
            var groupLeft = Left + g * groupWidth + (groupWidth - barWidth * variants.Count) / 2;
            for (var b = 0; b < variants.Count; b++)
            {
                var x = groupLeft + b * barWidth;
                if (values[scenario][variants[b]] is not { } value)
                {
                    svg.AppendLine(F($"<text x=\"{x + barWidth / 2:F1}\" y=\"{Y(0) - 6:F1}\" font-size=\"11\" fill=\"#5f6368\" text-anchor=\"middle\">n/a</text>"));
                    continue;
                }

                var y = Y(value);
                svg.AppendLine(F($"<rect x=\"{x + 2:F1}\" y=\"{y:F1}\" width=\"{barWidth - 4:F1}\" height=\"{Y(0) - y:F1}\" fill=\"{s_colors[variants[b]]}\"><title>{variants[b].Title()}: {value:F0} req/s</title></rect>"));
                svg.AppendLine(F($"<text x=\"{x + barWidth / 2:F1}\" y=\"{y - 5:F1}\" font-size=\"11\" fill=\"#202124\" text-anchor=\"middle\">{Compact(value)}</text>"));
            }

            var center = Left + g * groupWidth + groupWidth / 2;
            svg.AppendLine(F($"<text x=\"{center:F1}\" y=\"{Y(0) + 20:F1}\" font-size=\"13\" fill=\"#202124\" text-anchor=\"middle\">{Escape(scenario.Title)}</text>"));
            if (values[scenario].GetValueOrDefault(Variant.Store) is { } store && values[scenario].GetValueOrDefault(Variant.Builtin) is { } builtin)
            {
                svg.AppendLine(F($"<text x=\"{center:F1}\" y=\"{Y(0) + 36:F1}\" font-size=\"12\" fill=\"{s_colors[Variant.Store]}\" text-anchor=\"middle\">store {store / builtin:F2}× built-in</text>"));
            }
        }

        svg.AppendLine(F($"<line x1=\"{Left}\" y1=\"{Y(0):F1}\" x2=\"{Width - Right}\" y2=\"{Y(0):F1}\" stroke=\"#5f6368\"/>"));

        var legendX = (double)Left;
        foreach (var variant in variants)
        {
            svg.AppendLine(F($"<rect x=\"{legendX:F1}\" y=\"{Height - 34}\" width=\"14\" height=\"14\" fill=\"{s_colors[variant]}\"/>"));
            svg.AppendLine(F($"<text x=\"{legendX + 20:F1}\" y=\"{Height - 22}\" font-size=\"13\" fill=\"#202124\">{Escape(variant.Title())}</text>"));
            legendX += 40 + variant.Title().Length * 7.5;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at or above the largest bar.</summary>
    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(value, 1))));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(step => step * magnitude).First(candidate => candidate >= value);
    }

    private static string Compact(double value) =>
        value >= 1000 ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString("0", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
