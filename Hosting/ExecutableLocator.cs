namespace RedisSessions.Hosting;

/// <summary>
/// Finds a program on a PATH value the way a shell would, without starting anything. The tests compile
/// this file too (tests/SessionSample.Testing: what "not on PATH" means when they skip), hence internal.
/// </summary>
internal static class ExecutableLocator
{
    public static string? Find(string program, string? pathVariable)
    {
        if (string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        var names = OperatingSystem.IsWindows() ? new[] { program + ".exe", program } : [program];
        foreach (var directory in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
