using System.Text.Json.Nodes;

namespace SessionSample.Template.Tests;

/// <summary>One solution created by <c>dotnet new aspire-redis-session</c>; it is built at most once.</summary>
public sealed class GeneratedSolution
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private readonly Lazy<Task<CommandResult>> _build;
    private readonly Lazy<Task<JsonNode>> _manifest;

    private GeneratedSolution(string name, string directory, string creationOutput)
    {
        Name = name;
        Directory = directory;
        CreationOutput = creationOutput;
        _build = new Lazy<Task<CommandResult>>(() => Dotnet.RunYieldingAsync(
            directory, BuildTimeout, "build", SolutionFile, "-c", "Release", "-warnaserror"));
        _manifest = new Lazy<Task<JsonNode>>(ProducePublishManifestAsync);
    }

    public string Name { get; }

    public string Directory { get; }

    public string CreationOutput { get; }

    public string SolutionFile => Path.Combine(Directory, $"{Name}.sln");

    /// <summary>The project of one part, e.g. <c>ProjectFile("AppHost")</c> is <c>AppHost/Contoso.Shop.AppHost.csproj</c>.</summary>
    public string ProjectFile(string part) => Path.Combine(Directory, part, $"{Name}.{part}.csproj");

    public string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    internal Task<CommandResult> BuildAsync() => _build.Value;

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

    internal static async Task<GeneratedSolution> CreateAsync(string parent, string hive, string name, params string[] options)
    {
        var directory = Path.Combine(parent, name);
        var result = await Dotnet.RunAsync(parent, TimeSpan.FromMinutes(3),
            ["new", TemplateFixture.ShortName, "-n", name, "-o", directory, "--debug:custom-hive", hive, "--no-update-check", .. options]);
        result.EnsureSuccess();
        return new GeneratedSolution(name, directory, result.Output);
    }
}
