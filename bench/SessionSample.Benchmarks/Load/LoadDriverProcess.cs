using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SessionSample.Benchmarks.Running;

namespace SessionSample.Benchmarks.Load;

/// <summary>Launches this executable in <c>--drive</c> mode, so the C# load comes from a separate process too.</summary>
public sealed class LoadDriverProcess : ILoadGenerator
{
    public string Description => "the C# load driver";

    public async Task<LoadResult> RunAsync(Uri url, int connections, TimeSpan duration, string? cookie)
    {
        var start = SelfProcess.StartInfo(
            "--drive", url.ToString(),
            "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--duration", $"{duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms");
        if (cookie is not null)
        {
            start.ArgumentList.Add("--cookie");
            start.ArgumentList.Add(cookie);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the load driver.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lastLine = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return process.ExitCode == 0 && lastLine is not null
            ? JsonSerializer.Deserialize<LoadResult>(lastLine) ?? throw new FormatException(lastLine)
            : throw new InvalidOperationException($"The load driver exited with {process.ExitCode}: {await error}");
    }
}
