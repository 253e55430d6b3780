using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace RedisSessions.Hosting;

/// <summary>
/// The <c>garnet-server</c> local tool pinned in <c>.config/dotnet-tools.json</c>. The AppHost restores it
/// itself, then runs its entry point with <c>dotnet</c> directly rather than through
/// <c>dotnet tool run</c>: one process, which the orchestrator can stop without leaving a child behind.
/// </summary>
internal sealed class GarnetTool(string manifestPath)
{
    public const string PackageId = "garnet-server";

    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, GarnetTool> s_tools = [];
    private static readonly TimeSpan s_restoreTimeout = TimeSpan.FromMinutes(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _entryPoint;

    public string ManifestPath { get; } = manifestPath;

    public static GarnetTool For(IDistributedApplicationBuilder builder) =>
        s_tools.GetValue(builder, static builder => new(FindManifest(builder.AppHostDirectory)));

    /// <summary>Restores the tool once per AppHost run and returns the path of its entry assembly.</summary>
    public async Task<string> EnsureRestoredAsync(ILogger logger, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_entryPoint is not null)
            {
                return _entryPoint;
            }

            var repositoryRoot = Path.GetDirectoryName(Path.GetDirectoryName(ManifestPath))!;
            logger.LogInformation("Restoring the {Tool} dotnet tool in {Directory}", PackageId, repositoryRoot);
            await RunDotnetAsync(repositoryRoot, ["tool", "restore"], logger, cancellationToken);

            var packagesOutput = await RunDotnetAsync(repositoryRoot, ["nuget", "locals", "global-packages", "--list"], logger, cancellationToken);
            var packagesFolder = packagesOutput.Split(':', 2) is [_, var folder] ? folder.Trim() : throw new InvalidOperationException(
                $"Could not read the NuGet global packages folder from 'dotnet nuget locals': {packagesOutput}");

            _entryPoint = FindEntryPoint(packagesFolder, ToolVersion());
            return _entryPoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string ToolVersion()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestPath));
        return manifest?["tools"]?[PackageId]?["version"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"{ManifestPath} does not pin a version of {PackageId}.");
    }

    /// <summary>The entry assembly named by the package's DotnetToolSettings.xml, for the newest target framework.</summary>
    private static string FindEntryPoint(string packagesFolder, string version)
    {
        var toolsFolder = Path.Combine(packagesFolder, PackageId, version.ToLowerInvariant(), "tools");
        var settings = Directory.Exists(toolsFolder)
            ? Directory.EnumerateFiles(toolsFolder, "DotnetToolSettings.xml", SearchOption.AllDirectories)
                .Select(path => (Path: path, Framework: FrameworkVersion(path, toolsFolder)))
                .OrderByDescending(candidate => candidate.Framework)
                .Select(candidate => candidate.Path)
                .FirstOrDefault()
            : null;

        var entryPoint = settings is null
            ? null
            : XDocument.Load(settings).Descendants("Command").Select(command => command.Attribute("EntryPoint")?.Value).FirstOrDefault();

        return entryPoint is not null
            ? Path.Combine(Path.GetDirectoryName(settings)!, entryPoint)
            : throw new InvalidOperationException($"{PackageId} {version} was restored but no tool entry point is declared under {toolsFolder}.");
    }

    // tools/net10.0/any/DotnetToolSettings.xml -> 10.0
    private static Version FrameworkVersion(string settingsPath, string toolsFolder) =>
        Version.TryParse(Path.GetRelativePath(toolsFolder, settingsPath).Split(Path.DirectorySeparatorChar)[0].TrimStart('n', 'e', 't'), out var framework)
            ? framework
            : new Version(0, 0);

    private static string FindManifest(string appHostDirectory)
    {
        for (var directory = new DirectoryInfo(appHostDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DistributedApplicationException(
            $"No .config/dotnet-tools.json above {appHostDirectory}: the Garnet engine needs the {PackageId} local tool.");
    }

    private static async Task<string> RunDotnetAsync(string workingDirectory, string[] arguments, ILogger logger, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_restoreTimeout);

        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = (await output).Trim();
        var errors = (await error).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'dotnet {string.Join(' ', arguments)}' failed ({process.ExitCode}): {errors} {text}");
        }

        logger.LogInformation("dotnet {Arguments}: {Output}", string.Join(' ', arguments), text);
        return text;
    }
}
