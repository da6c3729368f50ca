using ScottPlot;

namespace FibreCafe.Benchmarks.Soak;

/// <summary>
/// <c>soak.png</c>: four panels over the same time axis (minutes): the receiver's RSS, its handles and threads, p99
/// latency per minute (and per 10 s, fainter), and the SQLite file with its WAL. A dashed line marks the end of the
/// warm-up (trends start there) and, on the file panel, where the file can level off (a retention plus a clean-up).
/// Drawn with ScottPlot 5 (SkiaSharp, its Linux native library without system dependencies).
/// </summary>
internal static class SoakChart
{
    private const double Mb = 1024 * 1024;

    public static void Write(string path, IReadOnlyList<WindowRow> windows, IReadOnlyList<MinuteRow> minutes, double warmupMinutes, double steadyFromMinutes, string title)
    {
        var t = windows.Select(w => w.Sample.Seconds / 60).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(4);
        var plots = Enumerable.Range(0, 4).Select(multiplot.GetPlot).ToArray();

        var rss = plots[0].Add.Scatter(t, windows.Select(w => w.Sample.RssBytes / Mb).ToArray());
        rss.LegendText = "RSS (VmRSS)";
        plots[0].Title(title);
        plots[0].YLabel("RSS (MB)");

        var handles = plots[1].Add.Scatter(t, windows.Select(w => (double)w.Sample.Handles).ToArray());
        handles.LegendText = "file descriptors";
        var files = plots[1].Add.Scatter(t, windows.Select(w => (double)(w.Sample.Handles - w.Sample.Sockets)).ToArray());
        files.LegendText = "of which not sockets";
        var threads = plots[1].Add.Scatter(t, windows.Select(w => (double)w.Sample.Threads).ToArray());
        threads.LegendText = "threads (right axis)";
        threads.Axes.YAxis = plots[1].Axes.Right;
        plots[1].YLabel("handles");
        plots[1].Axes.Right.Label.Text = "threads";

        var answered = windows.Where(w => w.Latency.Count > 0).ToList();
        var fine = plots[2].Add.Scatter(answered.Select(w => w.Sample.Seconds / 60).ToArray(), answered.Select(w => w.Latency.P99).ToArray());
        fine.LegendText = "p99 per 10 s";
        fine.Color = Colors.Gray.WithAlpha(0.5);
        fine.MarkerSize = 2;
        var timed = minutes.Where(m => m.Latency.Count > 0).ToList();
        var perMinute = plots[2].Add.Scatter(timed.Select(m => m.Minute - 0.5).ToArray(), timed.Select(m => m.Latency.P99).ToArray());
        perMinute.LegendText = "p99 per minute";
        perMinute.LineWidth = 2;
        plots[2].YLabel("latency (ms)");

        var file = plots[3].Add.Scatter(t, windows.Select(w => w.Sample.FileBytes / Mb).ToArray());
        file.LegendText = "db + WAL";
        var wal = plots[3].Add.Scatter(t, windows.Select(w => w.Sample.WalBytes / Mb).ToArray());
        wal.LegendText = "WAL";
        plots[3].YLabel("SQLite (MB)");
        plots[3].XLabel("minutes");
        var steady = plots[3].Add.VerticalLine(steadyFromMinutes);
        steady.LinePattern = LinePattern.Dashed;
        steady.Color = Colors.Gray;

        var end = Math.Max(1, t.DefaultIfEmpty(1).Max());
        foreach (var plot in plots)
        {
            var warmup = plot.Add.VerticalLine(warmupMinutes);
            warmup.LinePattern = LinePattern.Dotted;
            warmup.Color = Colors.Gray;
            plot.ShowLegend(plot == plots[2] ? Alignment.UpperRight : Alignment.LowerRight); // latency sits low, the rest high

            // Every panel from zero, on the same minutes: growth is judged against the whole value, not a zoomed band.
            plot.Axes.AutoScale();
            plot.Axes.SetLimits(0, end, 0, plot.Axes.GetLimits().Top * 1.05);
        }

        plots[1].Axes.SetLimitsY(0, Math.Max(1, windows.Select(w => w.Sample.Threads).DefaultIfEmpty(1).Max() * 1.3), plots[1].Axes.Right);
        multiplot.SavePng(path, 1100, 1300);
    }
}
