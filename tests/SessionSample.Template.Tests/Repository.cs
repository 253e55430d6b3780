namespace SessionSample.Template.Tests;

/// <summary>Paths of the repository the template is packed from.</summary>
internal static class Repository
{
    public const string SourceName = "SessionSample";

    public static string Root { get; } = FindRoot();

    /// <summary>The README a generated solution gets instead of the repository's front page.</summary>
    public static string AppReadme => Path.Combine(Root, "templatepack", "app", "README.md");

    /// <summary>The project paths of the repository's solution, as the .sln spells them.</summary>
    public static string[] SolutionProjects() => TemplatePackTests.SolutionProjects(File.ReadAllText(Path.Combine(Root, "SessionSample.sln")));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".template.config", "template.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No .template.config/template.json above {AppContext.BaseDirectory}.");
    }
}
