using System.Text.Json.Nodes;

namespace SessionSample.Template.Tests;

/// <summary>
/// One solution created by <c>dotnet new aspire-redis-session</c>. It is built once, after the solution
/// before it in the fixture's chain, so only one build runs at a time on the machine.
/// </summary>
public sealed class GeneratedSolution
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private readonly Lazy<Task<JsonNode>> _manifest;
    private Task<CommandResult>? _build;

    private GeneratedSolution(string name, string directory, string creationOutput, IReadOnlyList<string> options)
    {
        Name = name;
        Directory = directory;
        CreationOutput = creationOutput;
        Options = options;
        _manifest = new Lazy<Task<JsonNode>>(ProducePublishManifestAsync);
    }

    public string Name { get; }

    public string Directory { get; }

    public string CreationOutput { get; }

    /// <summary>The options given to <c>dotnet new</c> besides the name.</summary>
    public IReadOnlyList<string> Options { get; }

    public bool HasTests => !HasOption("--include-tests", "false");

    public bool HasBench => HasOption("--include-bench", "true");

    public string SolutionFile => Path.Combine(Directory, $"{Name}.sln");

    /// <summary>The project of one part, e.g. <c>ProjectFile("AppHost")</c> is <c>AppHost/Contoso.Shop.AppHost.csproj</c>.</summary>
    public string ProjectFile(string part) => Path.Combine(Directory, part, $"{Name}.{part}.csproj");

    public string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    internal Task<CommandResult> BuildAsync() => _build ?? throw new InvalidOperationException($"{Name} has no build scheduled.");

    /// <summary>Schedules the build to start once <paramref name="previous"/> has finished, whatever its outcome.</summary>
    internal Task<CommandResult> BuildAfter(Task previous) => _build = BuildAfterAsync(previous);

    private async Task<CommandResult> BuildAfterAsync(Task previous)
    {
        await Task.WhenAny(previous);
        // `dotnet new` restored the solution already (its post action, checked by TemplateOptionTests).
        return await Dotnet.RunYieldingAsync(Directory, BuildTimeout, "build", SolutionFile, "-c", "Release", "-warnaserror", "--no-restore");
    }

    private bool HasOption(string option, string value)
    {
        var index = Options.ToList().IndexOf(option);
        return index >= 0 && index + 1 < Options.Count && Options[index + 1] == value;
    }

    /// <summary>The AppHost's publish manifest, produced the way azd produces it.</summary>
    internal Task<JsonNode> PublishManifestAsync() => _manifest.Value;

    private async Task<JsonNode> ProducePublishManifestAsync()
    {
        (await BuildAsync()).EnsureSuccess();

        var manifestPath = Path.Combine(Directory, "obj", "publish-manifest.json");
        (await Dotnet.RunAsync(Directory, TimeSpan.FromMinutes(2),
            "run", "--project", ProjectFile("AppHost"), "-c", "Release", "--no-build", "--no-launch-profile",
            "--", "--publisher", "manifest", "--output-path", manifestPath)).EnsureSuccess();

        return JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
    }

    /// <summary>
    /// <c>dotnet new aspire-redis-session -n name -o parent/name</c>, or with <paramref name="nameFromOutput"/>
    /// only <c>-o name</c> in <paramref name="parent"/>, the most common way to start: the name is the folder's.
    /// </summary>
    internal static async Task<GeneratedSolution> CreateAsync(string parent, string hive, string name, bool nameFromOutput, params string[] options)
    {
        var directory = Path.Combine(parent, name);
        string[] naming = nameFromOutput ? ["-o", name] : ["-n", name, "-o", directory];
        var result = await Dotnet.RunAsync(parent, TimeSpan.FromMinutes(3),
            ["new", TemplateFixture.ShortName, .. naming, "--debug:custom-hive", hive, "--no-update-check", .. options]);
        result.EnsureSuccess();
        return new GeneratedSolution(name, directory, result.Output, options);
    }
}
