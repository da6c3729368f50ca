using System.Text;

namespace FibreCafe.Operations.Rendering;

/// <summary>
/// A bar chart of counts per hour as inline SVG drawn on the server: no script, styled by the page's stylesheet, each
/// bar titled with its hour and count (a tooltip, and text for a screen reader).
/// </summary>
internal static class HourlyChart
{
    private const int Width = 720;
    private const int Height = 160;
    private const int Left = 40;
    private const int Bottom = 20;
    private const int Top = 10;

    public static string Render(IReadOnlyList<long> counts, DateTimeOffset from, string label)
    {
        var max = Math.Max(1, counts.Count == 0 ? 1 : counts.Max());
        var plotWidth = Width - Left;
        var plotHeight = Height - Bottom - Top;
        var barWidth = counts.Count == 0 ? 0 : (double)plotWidth / counts.Count;
        var svg = new StringBuilder();
        svg.Append(Html.Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.E(label)}\">"))
            .Append("<title>").Append(Html.E(label)).Append("</title>")
            .Append(Html.Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width}\" y2=\"{Height - Bottom}\"/>"))
            .Append(Html.Invariant($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{Html.N(max)}</text>"))
            .Append(Html.Invariant($"<text class=\"tick\" x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\">0</text>"));
        for (var i = 0; i < counts.Count; i++)
        {
            var hour = from.AddHours(i);
            var h = counts[i] == 0 ? 0 : Math.Max(1.0, (double)counts[i] / max * plotHeight);
            var x = Left + i * barWidth;
            svg.Append(Html.Invariant($"<rect class=\"bar\" x=\"{x + 1:0.#}\" y=\"{Height - Bottom - h:0.#}\" width=\"{Math.Max(1, barWidth - 2):0.#}\" height=\"{h:0.#}\">"))
                .Append("<title>").Append(Html.E(Html.Invariant($"{hour.UtcDateTime:yyyy-MM-dd HH}:00 UTC: {Html.N(counts[i])}"))).Append("</title></rect>");
            if (i % 6 == 0)
            {
                svg.Append(Html.Invariant($"<text class=\"tick\" x=\"{x + 1:0.#}\" y=\"{Height - 4}\">{hour.UtcDateTime:HH}:00</text>"));
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
