using System.Diagnostics;
using SessionSample.Benchmarks.Hosting;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Running;

/// <summary>One benchmark app (<see cref="BenchApp"/>) in a process of its own on a free loopback port.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessLog _log;

    private AppProcess(Variant variant, Uri baseAddress, Process process, ProcessLog log)
    {
        Variant = variant;
        BaseAddress = baseAddress;
        _process = process;
        _log = log;
    }

    public Variant Variant { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>Starts the app on <paramref name="redis"/> (a connection string: the server itself or the delay proxy in front of it).</summary>
    public static async Task<AppProcess> StartAsync(Variant variant, string redis)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var start = SelfProcess.StartInfo(
            "--host", variant.Name,
            "--redis", redis,
            "--urls", baseAddress.ToString().TrimEnd('/'));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {variant.Name} app.");
        var app = new AppProcess(variant, baseAddress, process, new ProcessLog(process));
        using var probe = new SessionClient(baseAddress);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {variant.Name} app exited with {process.ExitCode}:\n{app._log.Text}");
            }

            try
            {
                using var response = await probe.GetAsync(Scenario.Untouched.Path);
                if (response.IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await app.DisposeAsync();
        throw new TimeoutException($"The {variant.Name} app did not answer:\n{app._log.Text}");
    }

    /// <summary>A client holding a new session with the 10-item cart (from <c>/seed</c>).</summary>
    public async Task<SessionClient> NewSessionAsync()
    {
        var client = new SessionClient(BaseAddress);
        using var response = await client.GetAsync("/seed");
        await SessionClient.EnsureSuccessAsync(response);
        return client.Cookies.Header is not null
            ? client
            : throw new InvalidOperationException($"The {Variant} app's /seed set no cookie.");
    }

    /// <summary>Warnings and errors the app logged (its console is set to Warning).</summary>
    public string Log => _log.Text;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
