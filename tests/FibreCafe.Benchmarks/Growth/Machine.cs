using System.Globalization;
using System.Runtime.InteropServices;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>The machine line of a results file, as run.sh writes one into the summary: a figure means little without it.</summary>
internal static class Machine
{
    public static string Line()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"- Machine: {Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {long.Parse(memory, CultureInfo.InvariantCulture) / 1024:N0} MiB memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, Release; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average at the start {load} (the machine is shared: expect noise)");
    }
}
