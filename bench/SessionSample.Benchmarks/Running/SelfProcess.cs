using System.Diagnostics;

namespace SessionSample.Benchmarks.Running;

/// <summary>Start information that runs this same executable again with other arguments.</summary>
public static class SelfProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        var start = new ProcessStartInfo(path) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            // Started as `dotnet SessionSample.Benchmarks.dll`: pass the assembly again.
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
