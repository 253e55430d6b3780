namespace SessionSample.Template.Tests;

/// <summary>One solution created by <c>dotnet new aspire-redis-session</c>; it is built at most once.</summary>
public sealed class GeneratedSolution
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private readonly Lazy<Task<CommandResult>> _build;

    private GeneratedSolution(string name, string directory, string creationOutput)
    {
        Name = name;
        Directory = directory;
        CreationOutput = creationOutput;
        _build = new Lazy<Task<CommandResult>>(() => Dotnet.RunAsync(
            directory, BuildTimeout, "build", SolutionFile, "-c", "Release", "-warnaserror"));
    }

    public string Name { get; }

    public string Directory { get; }

    public string CreationOutput { get; }

    public string SolutionFile => Path.Combine(Directory, $"{Name}.sln");

    /// <summary>The project of one part, e.g. <c>ProjectFile("AppHost")</c> is <c>AppHost/Contoso.Shop.AppHost.csproj</c>.</summary>
    public string ProjectFile(string part) => Path.Combine(Directory, part, $"{Name}.{part}.csproj");

    public string PathOf(params string[] relative) => Path.Combine([Directory, .. relative]);

    internal Task<CommandResult> BuildAsync() => _build.Value;

    internal static async Task<GeneratedSolution> CreateAsync(string parent, string hive, string name, params string[] options)
    {
        var directory = Path.Combine(parent, name);
        var result = await Dotnet.RunAsync(parent, TimeSpan.FromMinutes(3),
            ["new", TemplateFixture.ShortName, "-n", name, "-o", directory, "--debug:custom-hive", hive, "--no-update-check", .. options]);
        result.EnsureSuccess();
        return new GeneratedSolution(name, directory, result.Output);
    }
}
