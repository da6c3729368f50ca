using System.Globalization;

namespace FibreCafe.Benchmarks.Growth;

/// <summary>
/// CPU time of processes from <c>/proc/PID/stat</c> (Linux): user + system time, in clock ticks of 10 ms (USER_HZ is
/// 100 on every Linux this runs on). For PostgreSQL, the postmaster and all its children (backends, WAL writer,
/// checkpointer, autovacuum...): a backend that exits inside a window takes its time with it, which pooled
/// connections keep rare.
/// </summary>
internal static class ProcessCpu
{
    private const double SecondsPerTick = 0.01;

    /// <summary>The CPU seconds of each process now: the given ones and, for a postmaster, its children.</summary>
    public static Dictionary<int, double> Snapshot(IEnumerable<int> processes, int? postmaster)
    {
        var seconds = new Dictionary<int, double>();
        foreach (var pid in processes)
        {
            if (Read(pid) is { } s)
            {
                seconds[pid] = s.Cpu;
            }
        }

        if (postmaster is { } parent)
        {
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && (pid == parent || Read(pid) is { Parent: var p } && p == parent) && Read(pid) is { } s)
                {
                    seconds[pid] = s.Cpu;
                }
            }
        }

        return seconds;
    }

    /// <summary>CPU seconds used between two snapshots by the processes of the later one (a process new in it counts whole).</summary>
    public static double Used(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>The whole machine's busy and total CPU seconds so far (<c>/proc/stat</c>; idle and I/O wait are not busy).</summary>
    public static (double Busy, double Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal (guest time is inside user)
        return ((total - fields[3] - fields[4]) * SecondsPerTick, total * SecondsPerTick);
    }

    private static (double Cpu, int Parent)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // gone
        }

        // The command name (field 2) is in parentheses and may hold spaces: the fields that follow start after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture); // field 4, ppid
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // fields 14 and 15
        return (ticks * SecondsPerTick, parent);
    }
}
