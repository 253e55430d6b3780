using System.Diagnostics;

namespace RedisSessions.Hosting;

/// <summary>
/// Asks the container runtime whether it answers. A CLI on PATH is not enough: with the daemon down,
/// Aspire leaves every container in "Runtime unhealthy" and each WaitFor on it hangs for ever.
/// </summary>
internal static class ContainerRuntimeProbe
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(3);

    /// <summary>The runtime that answered (<c>docker</c> or <c>podman</c>), or <see langword="null"/>.</summary>
    public static string? FindHealthyRuntime(string? configuredRuntime, string? pathVariable)
    {
        string[] candidates = string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : [configuredRuntime.Trim()];
        foreach (var runtime in candidates)
        {
            if (ExecutableLocator.Find(runtime, pathVariable) is { } path && Answers(path))
            {
                return runtime;
            }
        }

        return null;
    }

    private static bool Answers(string runtimePath)
    {
        var start = new ProcessStartInfo(runtimePath, ["info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            // Drain both pipes so a chatty runtime cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
