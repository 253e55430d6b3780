using System.Globalization;

namespace SessionSample.Benchmarks.Running;

/// <summary>How busy the machine was during the measurements, and how much of that was someone else.</summary>
public sealed record CpuShare(double OursPercent, double OthersPercent, double Seconds);

/// <summary>
/// Reads /proc: machine-wide busy time from /proc/stat, this process tree's from /proc/[pid]/stat
/// (the apps, Redis and wrk are all descendants; exited children count through cutime/cstime).
/// Whatever is left was used by other processes, e.g. a build running alongside.
/// </summary>
public sealed class CpuAccounting
{
    private readonly (long Busy, long Total) _machineStart;
    private readonly long _oursStart;
    private readonly DateTime _started = DateTime.UtcNow;

    private CpuAccounting()
    {
        _machineStart = Machine();
        _oursStart = OurTree();
    }

    public static CpuAccounting? Start() => OperatingSystem.IsLinux() ? new CpuAccounting() : null;

    public CpuShare Stop()
    {
        var (busy, total) = Machine();
        var ours = OurTree() - _oursStart;
        var totalDelta = Math.Max(1, total - _machineStart.Total);
        var othersDelta = Math.Max(0, busy - _machineStart.Busy - ours);
        return new CpuShare(100.0 * ours / totalDelta, 100.0 * othersDelta / totalDelta, (DateTime.UtcNow - _started).TotalSeconds);
    }

    private static (long Busy, long Total) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }

    private static long OurTree() => TreeTicks(Environment.ProcessId);

    /// <summary>CPU time (clock ticks, 1/100 s) a process and its live descendants used, plus children it has reaped.</summary>
    public static long TreeTicks(int root)
    {
        var stats = new Dictionary<int, (int Parent, long Own, long Children)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name, which is in parentheses and may hold spaces.
                var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                stats[pid] = (int.Parse(f[1], CultureInfo.InvariantCulture),
                    long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture),
                    long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        var sum = 0L;
        foreach (var (pid, stat) in stats)
        {
            if (IsOurs(pid, stats, root))
            {
                sum += stat.Own + stat.Children;
            }
        }

        return sum;
    }

    /// <summary>Linux reports CPU times in USER_HZ, 100 per second on every mainstream architecture.</summary>
    public const double TicksPerSecond = 100;

    private static bool IsOurs(int pid, Dictionary<int, (int Parent, long Own, long Children)> stats, int root)
    {
        for (var current = pid; current > 1; current = stats.TryGetValue(current, out var s) ? s.Parent : 0)
        {
            if (current == root)
            {
                return true;
            }
        }

        return false;
    }
}
