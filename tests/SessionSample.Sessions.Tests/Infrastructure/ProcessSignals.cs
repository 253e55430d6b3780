using System.Globalization;
using System.Runtime.InteropServices;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Stops and continues a process and its descendants in-process: the process tree from /proc, the
/// signals through libc's kill(2). pgrep and kill(1) come with procps, which slim images lack.
/// </summary>
internal static class ProcessSignals
{
    public static void Stop(RedisServerProcess server) => Send(Tree(server), OperatingSystem.IsMacOS() ? 17 : 19);

    public static void Continue(RedisServerProcess server) => Send(Tree(server), OperatingSystem.IsMacOS() ? 19 : 18);

    /// <summary>
    /// The server's process and its descendants (Garnet runs under the <c>dotnet tool run</c> wrapper).
    /// Without /proc (macOS) only redis-server, a process of its own, can be found whole.
    /// </summary>
    private static List<int> Tree(RedisServerProcess server)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new MissingToolException("Freezing the Redis server needs POSIX signals (SIGSTOP): Linux or macOS.");
        }

        var tree = new List<int> { server.ProcessId };
        if (!Directory.Exists("/proc"))
        {
            return server.Engine == RedisEngine.RedisServer ? tree
                : throw new MissingToolException("Freezing Garnet needs /proc (Linux) to find its server under the dotnet tool run wrapper.");
        }

        var parents = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => (Pid: int.Parse(name!, CultureInfo.InvariantCulture), Parent: ParentOf(name!)))
            .ToList();
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(process => process.Parent == tree[i]).Select(process => process.Pid));
        }

        return tree;
    }

    // /proc/<pid>/stat is "pid (comm) state ppid ...": comm may hold spaces and parentheses, so the
    // fields are counted from the last ')'.
    private static int? ParentOf(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // ended meanwhile
        }
    }

    private static void Send(List<int> processes, int signal)
    {
        foreach (var pid in processes)
        {
            Assert.True(Kill(pid, signal) == 0, $"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code in the project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
