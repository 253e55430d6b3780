using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace SessionSample.Benchmarks.Running;

/// <summary>The machine a run measured, for the results' header.</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Memory, string Os, string DotNetRuntime, string DotNetSdk, DateTimeOffset Date)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        ProcFile("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcFile("/proc/meminfo", "MemTotal") is { } kb
            ? string.Create(CultureInfo.InvariantCulture, $"{long.Parse(kb.Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} GiB")
            : "unknown",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        SdkVersion(),
        DateTimeOffset.UtcNow);

    private static string? ProcFile(string path, string field) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(field, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault()
            : null;

    private static string SdkVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return "unknown";
            }

            var version = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return version;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
