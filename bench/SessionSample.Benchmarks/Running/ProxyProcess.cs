using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Running;

/// <summary>
/// A <see cref="DelayProxy"/> in a process of its own (this executable with <c>--proxy</c>), so the CPU it
/// spends holding and sending chunks is measured apart from the apps and Redis. It prints its port, answers
/// each <c>stats</c> line on stdin with its lateness as JSON, and stops when stdin closes.
/// </summary>
public sealed class ProxyProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "listening ";

    private readonly Process _process;

    private ProxyProcess(Process process, int port, TimeSpan oneWay)
    {
        _process = process;
        Port = port;
        OneWay = oneWay;
    }

    public int Port { get; }

    public TimeSpan OneWay { get; }

    public int ProcessId => _process.Id;

    /// <summary>The child side: runs the proxy until stdin closes.</summary>
    public static async Task<int> HostAsync(ProxyOptions options)
    {
        await using var proxy = DelayProxy.Start(options.UpstreamPort, options.OneWay);
        Console.WriteLine(ListeningPrefix + proxy.Port.ToString(CultureInfo.InvariantCulture));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "stats")
            {
                Console.WriteLine(JsonSerializer.Serialize(proxy.Summary()));
            }
        }

        return 0;
    }

    public static async Task<ProxyProcess> StartAsync(int upstreamPort, TimeSpan oneWay)
    {
        var start = SelfProcess.StartInfo(
            "--proxy", upstreamPort.ToString(CultureInfo.InvariantCulture),
            "--delay", $"{oneWay.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms");
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        // The proxy allocates little and runs one sending thread: the workstation GC keeps it out of the apps' way.
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the delay proxy.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"The delay proxy did not start: '{line}'.");
        }

        return new ProxyProcess(process, int.Parse(line[ListeningPrefix.Length..], CultureInfo.InvariantCulture), oneWay);
    }

    /// <summary>How late the proxy has sent its chunks so far, beyond the delay asked.</summary>
    public async Task<LatenessSummary> LatenessAsync()
    {
        await _process.StandardInput.WriteLineAsync("stats");
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return JsonSerializer.Deserialize<LatenessSummary>(line ?? "null") ?? throw new InvalidOperationException("The delay proxy sent no statistics.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
