using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// The real WebFrontend, from its build output (the test project builds it first), run as its own process
/// on a loopback port it picks itself. Killed with its process tree on dispose.
/// </summary>
internal sealed partial class WebFrontendProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebFrontendProcess(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Received(line.Data);
        _process.ErrorDataReceived += (_, line) => Received(line.Data);
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>What the process wrote so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WebFrontendProcess> StartAsync(string environment, string sessionsConnectionString)
    {
        var dll = Locate();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__sessions"] = sessionsConnectionString;
        start.Environment["ConnectionStrings__cache"] = sessionsConnectionString;
        start.Environment["Sessions__OperationBudget"] = "00:00:01";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var web = new WebFrontendProcess(start);
        web._process.Start();
        web._process.BeginOutputReadLine();
        web._process.BeginErrorReadLine();
        var exited = web._process.WaitForExitAsync();
        var first = await Task.WhenAny(web._listening.Task, exited, Task.Delay(StartLimit));
        if (first != web._listening.Task)
        {
            var output = web.Output;
            await web.DisposeAsync();
            throw new InvalidOperationException($"The WebFrontend did not start listening within {StartLimit.TotalSeconds} s:\n{output}");
        }

        web.Address = await web._listening.Task;
        return web;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    // The build output of ../../WebFrontend in the configuration and framework this test assembly was built for.
    // Its name follows this assembly's (<solution>.Sessions.Tests), so it holds in a solution made from the template.
    private static string Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var testAssembly = typeof(WebFrontendProcess).Assembly.GetName().Name!;
        var webFrontend = testAssembly[..testAssembly.LastIndexOf(".Sessions.Tests", StringComparison.Ordinal)] + ".WebFrontend";
        for (var directory = output; directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "WebFrontend");
            if (File.Exists(Path.Combine(project, webFrontend + ".csproj")))
            {
                var dll = Path.Combine(project, "bin", configuration, framework, webFrontend + ".dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the WebFrontend first (the test project references it).", dll);
            }
        }

        throw new InvalidOperationException("No WebFrontend project above the test output folder: run from the repository.");
    }

    [GeneratedRegex(@"Now listening on: (?<address>http://\S+)")]
    private static partial Regex ListeningOn();
}
