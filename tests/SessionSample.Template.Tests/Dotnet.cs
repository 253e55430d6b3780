using System.Diagnostics;
using System.Text;

namespace SessionSample.Template.Tests;

/// <summary>Runs the real <c>dotnet</c> CLI in a child process, the way a user or azd would.</summary>
internal static class Dotnet
{
    private const int OutputTailCharacters = 12_000;

    public static Task<CommandResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(workingDirectory, timeout, ProcessPriorityClass.Normal, NoVariables, arguments);

    /// <summary>Runs with <paramref name="variables"/> added to the child's environment.</summary>
    public static Task<CommandResult> RunAsync(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> variables, params string[] arguments) =>
        RunAsync(workingDirectory, timeout, ProcessPriorityClass.Normal, variables, arguments);

    /// <summary>
    /// Runs with a lower CPU priority (inherited by MSBuild's nodes): the builds of generated solutions
    /// then yield to the test assemblies that run beside this one and hold Redis calls to time budgets.
    /// </summary>
    public static Task<CommandResult> RunYieldingAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(workingDirectory, timeout, ProcessPriorityClass.BelowNormal, NoVariables, arguments);

    private static readonly Dictionary<string, string> NoVariables = [];

    private static async Task<CommandResult> RunAsync(
        string workingDirectory, TimeSpan timeout, ProcessPriorityClass priority, IReadOnlyDictionary<string, string> variables, string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        IsolateFromTheTestHost(startInfo.Environment);
        foreach (var (name, value) in variables)
        {
            startInfo.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        if (priority != ProcessPriorityClass.Normal)
        {
            process.PriorityClass = priority;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`dotnet {string.Join(' ', arguments)}` did not finish within {timeout}:\n{Tail(output)}");
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        return new CommandResult(string.Join(' ', arguments), process.ExitCode, Tail(output), stopwatch.Elapsed);
    }

    /// <summary>
    /// The test host runs under MSBuild/VSTest variables that would leak into a nested build and make it
    /// resolve SDKs or loggers from the outer one. A child build must see a developer's plain environment.
    /// </summary>
    private static void IsolateFromTheTestHost(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToList())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(name);
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No MSBuild worker nodes may outlive the test run; the one compiler server is stopped by the fixture.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in CompilerServer.BuildEnvironment)
        {
            environment[name] = value;
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            return output.Length <= OutputTailCharacters
                ? output.ToString()
                : "…" + output.ToString(output.Length - OutputTailCharacters, OutputTailCharacters);
        }
    }
}

internal sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public CommandResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"`dotnet {Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F0} s:\n{Output}");
        return this;
    }
}
