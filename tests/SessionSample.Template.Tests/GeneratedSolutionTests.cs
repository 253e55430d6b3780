using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace SessionSample.Template.Tests;

[Collection(TemplateCollection.Name)]
public sealed partial class GeneratedSolutionTests(TemplateFixture fixture)
{
    [Theory]
    [MemberData(nameof(Names))]
    public async Task Solution_builds_with_warnings_as_errors(string name)
    {
        var solution = fixture.Solution(name);

        (await solution.BuildAsync()).EnsureSuccess();

        Assert.True(File.Exists(solution.PathOf("AppHost", "bin", "Release", "net10.0", $"{name}.AppHost.dll")), $"{name}: no AppHost assembly");
    }

    [Theory]
    [InlineData("Fabrikam.Tickets")]
    [InlineData("Northwind.Bench")]
    public async Task Solution_without_tests_builds_with_warnings_as_errors(string name) =>
        (await fixture.Solution(name).BuildAsync()).EnsureSuccess();

    /// <summary>
    /// The generated solution's fast tests: its store unit tests (tests/&lt;Name&gt;.Sessions.UnitTests, no Redis,
    /// reaching the renamed internals) and its session-store tests (tests/&lt;Name&gt;.Sessions.Tests) but the
    /// slow ones: they start their own redis-server or Garnet and need no browser and no orchestrator, so they
    /// prove in under a minute that the renamed store, key prefix, cookie and InternalsVisibleTo still work
    /// together. The outage and failover tests restart Redis and wait out circuit breakers, the cluster ones
    /// start six servers; the repository's own run covers them.
    /// </summary>
    [Theory]
    [MemberData(nameof(FastSuites))]
    public async Task Fast_tests_of_the_generated_solution_pass(string name, string suffix, string filter)
    {
        var solution = fixture.Solution(name);
        var project = solution.PathOf("tests", $"{solution.Name}.{suffix}", $"{solution.Name}.{suffix}.csproj");
        Assert.True(File.Exists(project), $"{project} is missing: the generated solution lacks its {suffix}");
        (await solution.BuildAsync()).EnsureSuccess();
        // These tests hold Redis operations to a time budget: let every build finish first rather than
        // run them on a machine saturated by a compiler.
        await fixture.AllBuilt;

        // The built assembly, not the project: vstest runs it directly, without an MSBuild evaluation per run.
        var assembly = solution.PathOf("tests", $"{solution.Name}.{suffix}", "bin", "Release", "net10.0", $"{solution.Name}.{suffix}.dll");
        Assert.True(File.Exists(assembly), $"the build wrote no {assembly}");
        string[] arguments = filter.Length == 0
            ? ["test", assembly]
            : ["test", assembly, "--filter", filter];
        var run = await Dotnet.RunAsync(solution.Directory, TimeSpan.FromMinutes(4), arguments);

        run.EnsureSuccess();
        var summary = PassedTests().Match(run.Output);
        Assert.True(summary.Success, $"no test summary in:\n{run.Output}");
        Assert.True(int.Parse(summary.Groups["passed"].Value, CultureInfo.InvariantCulture) > 0, run.Output);
        Assert.Equal("0", summary.Groups["failed"].Value);
    }

    public static TheoryData<string> Names => ["my-shop", "Contoso.Shop", "shop2", "MyCompany.Sessions.Demo", "2fast"];

    private const string SlowTests = "FullyQualifiedName!~Outage&FullyQualifiedName!~Reliability&FullyQualifiedName!~Cluster&FullyQualifiedName!~UntouchedSlide";

    public static TheoryData<string, string, string> FastSuites()
    {
        var suites = new TheoryData<string, string, string>();
        foreach (var name in new[] { "my-shop", "Contoso.Shop", "shop2", "MyCompany.Sessions.Demo", "2fast" })
        {
            suites.Add(name, "Sessions.UnitTests", string.Empty);
            suites.Add(name, "Sessions.Tests", SlowTests);
        }

        return suites;
    }

    [Fact]
    public void No_file_keeps_the_template_name()
    {
        foreach (var solution in fixture.All)
        {
            var leftovers = new List<string>();
            foreach (var file in Directory.EnumerateFiles(solution.Directory, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(solution.Directory, file);
                if (IsBuildOutput(relative))
                {
                    continue;
                }

                if (relative.Contains(Repository.SourceName, StringComparison.OrdinalIgnoreCase))
                {
                    leftovers.Add($"{relative} (path)");
                }

                var content = File.ReadAllText(file);
                if (!content.Contains('\0') && content.Contains(Repository.SourceName, StringComparison.OrdinalIgnoreCase))
                {
                    var line = content.Split('\n').First(l => l.Contains(Repository.SourceName, StringComparison.OrdinalIgnoreCase));
                    leftovers.Add($"{relative}: {line.Trim()}");
                }
            }

            Assert.True(leftovers.Count == 0, $"{solution.Name} still says {Repository.SourceName}:\n{string.Join('\n', leftovers)}");
        }
    }

    /// <summary>
    /// The template engine reads <c>#if</c> lines in C#, shell, YAML, .sln and Markdown files as its own
    /// directives, so a source file that uses them for something else would come out silently cut.
    /// Every generated file keeps its source's line count; only the derived .sln and files with
    /// deliberate template markers (<c>&lt;!--#if</c>, <c>//#if</c>) may differ.
    /// </summary>
    [Fact]
    public void Every_generated_file_keeps_all_lines_of_its_source()
    {
        var differences = new List<string>();
        foreach (var solution in fixture.All)
        {
            CompareLineCounts(solution, differences);
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    private static void CompareLineCounts(GeneratedSolution solution, List<string> differences)
    {
        foreach (var file in Directory.EnumerateFiles(solution.Directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(solution.Directory, file);
            if (IsBuildOutput(relative) || relative.EndsWith(".sln", StringComparison.Ordinal))
            {
                continue;
            }

            var source = relative == "README.md"
                ? Repository.AppReadme
                : Path.Combine(Repository.Root, relative.Replace(solution.Name, Repository.SourceName, StringComparison.Ordinal));
            Assert.True(File.Exists(source), $"{relative} has no source {source}");
            var sourceText = File.ReadAllText(source);
            if (sourceText.Contains("<!--#if", StringComparison.Ordinal) || sourceText.Contains("//#if", StringComparison.Ordinal))
            {
                continue;
            }

            var sourceLines = sourceText.Split('\n').Length;
            var generatedLines = File.ReadAllText(file).Split('\n').Length;
            if (sourceLines != generatedLines)
            {
                differences.Add($"{solution.Name}/{relative}: {sourceLines} lines in the template, {generatedLines} generated");
            }
        }
    }

    [Fact]
    public void Custom_options_are_written_where_the_apps_read_them()
    {
        var solution = fixture.Customized;
        var expectedIdleTimeout = TimeSpan.FromMinutes(int.Parse(TemplateFixture.CustomIdleTimeoutMinutes, CultureInfo.InvariantCulture));

        foreach (var app in new[] { "ApiService", "WebFrontend" })
        {
            var sessions = ReadJson(solution.PathOf(app, "appsettings.json"))["Sessions"]!;
            Assert.Equal(TemplateFixture.CustomKeyPrefix, (string?)sessions["KeyPrefix"]);
            Assert.Equal(expectedIdleTimeout, TimeSpan.Parse((string)sessions["IdleTimeout"]!, CultureInfo.InvariantCulture));
        }

        Assert.Equal(TemplateFixture.CustomEngine, (string?)ReadJson(solution.PathOf("AppHost", "appsettings.json"))["RedisEngine"]);
    }

    [Fact]
    public void Default_options_follow_the_solution_name()
    {
        foreach (var solution in fixture.All.Where(s => s != fixture.Customized))
        {
            foreach (var app in new[] { "ApiService", "WebFrontend" })
            {
                var sessions = ReadJson(solution.PathOf(app, "appsettings.json"))["Sessions"]!;
                Assert.Equal($"{solution.Name}:session:", (string?)sessions["KeyPrefix"]);
                Assert.Equal(TimeSpan.FromMinutes(120), TimeSpan.Parse((string)sessions["IdleTimeout"]!, CultureInfo.InvariantCulture));
            }

            Assert.Equal("auto", (string?)ReadJson(solution.PathOf("AppHost", "appsettings.json"))["RedisEngine"]);
        }
    }

    [Fact]
    public void Projects_namespaces_and_secrets_take_the_new_name()
    {
        var solution = fixture.Customized;

        foreach (var part in new[] { "AppHost", "ServiceDefaults", "Sessions", "ApiService", "WebFrontend" })
        {
            Assert.True(File.Exists(solution.ProjectFile(part)), $"missing {solution.ProjectFile(part)}");
        }

        var appHost = File.ReadAllText(solution.PathOf("AppHost", "AppHost.cs"));
        Assert.Contains("Projects.Contoso_Shop_ApiService", appHost, StringComparison.Ordinal);
        Assert.Contains("Projects.Contoso_Shop_WebFrontend", appHost, StringComparison.Ordinal);
        Assert.Contains("<RootNamespace>Contoso.Shop.AppHost</RootNamespace>", File.ReadAllText(solution.ProjectFile("AppHost")), StringComparison.Ordinal);

        // Two solutions made from the template must not share one user-secrets store.
        var templateSecretsId = UserSecretsId(File.ReadAllText(Path.Combine(Repository.Root, "AppHost", "SessionSample.AppHost.csproj")));
        var secretsIds = fixture.All.Select(s => UserSecretsId(File.ReadAllText(s.ProjectFile("AppHost")))).ToList();
        Assert.All(secretsIds, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.DoesNotContain(templateSecretsId, secretsIds);
        Assert.Equal(secretsIds.Count, secretsIds.Distinct().Count());
    }

    /// <summary>A package does not keep file modes; the template's chmod post action restores them.</summary>
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Scripts_stay_executable()
    {
        foreach (var script in new[] { "test.sh", ".ci/run" })
        {
            var mode = File.GetUnixFileMode(fixture.Customized.PathOf(script.Split('/')));
            Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{script} is {mode}");
        }
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+)")]
    private static partial Regex PassedTests();

    private static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    private static string UserSecretsId(string project) =>
        project.Split("<UserSecretsId>")[1].Split("</UserSecretsId>")[0];

    internal static bool IsBuildOutput(string relative)
    {
        var segments = relative.Split(Path.DirectorySeparatorChar);
        return segments.Contains("bin") || segments.Contains("obj") || segments.Contains("TestResults");
    }
}
