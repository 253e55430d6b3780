namespace SessionSample.Template.Tests;

/// <summary>
/// One Roslyn compiler server (VBCSCompiler) for every build of this test run. The generated solutions
/// compile the same references and analyzers seven times over: a warm server reads them once, where a
/// fresh <c>csc</c> per project (what <c>UseSharedCompilation=false</c> gives) starts cold each time.
/// The server listens on a pipe named for this test run only, so no other build on the machine reaches
/// it and <see cref="ShutdownAsync"/> stops exactly it; left alone it would idle on for ten minutes.
/// </summary>
internal static class CompilerServer
{
    /// <summary>MSBuild reads these variables as the Csc task's <c>UseSharedCompilation</c> and <c>SharedCompilationId</c>.</summary>
    public static IReadOnlyDictionary<string, string> BuildEnvironment { get; } = new Dictionary<string, string>
    {
        ["UseSharedCompilation"] = "true",
        ["SharedCompilationId"] = PipeName,
    };

    private static string PipeName => $"sessionsample-template-{Environment.ProcessId}";

    /// <summary>
    /// Asks this run's server to exit (a no-op when none started), with the VBCSCompiler of the SDK that the
    /// repository's global.json selects, as the generated solutions' copies of it do.
    /// </summary>
    public static async Task ShutdownAsync()
    {
        var workingDirectory = Repository.Root;
        var version = (await Dotnet.RunAsync(workingDirectory, TimeSpan.FromMinutes(1), "--version")).EnsureSuccess().Output.Trim();
        var sdks = (await Dotnet.RunAsync(workingDirectory, TimeSpan.FromMinutes(1), "--list-sdks")).EnsureSuccess().Output;
        // "10.0.401 [/usr/share/dotnet/sdk]"
        var line = sdks.Split('\n').Single(l => l.StartsWith(version + " [", StringComparison.Ordinal));
        var sdkRoot = line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.LastIndexOf(']')];
        var server = Path.Combine(sdkRoot, version, "Roslyn", "bincore", "VBCSCompiler.dll");

        (await Dotnet.RunAsync(workingDirectory, TimeSpan.FromMinutes(1), server, "-shutdown", $"-pipename:{PipeName}")).EnsureSuccess();
    }
}
