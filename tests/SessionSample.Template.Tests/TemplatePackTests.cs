using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SessionSample.Template.Tests;

[Collection(TemplateCollection.Name)]
public sealed class TemplatePackTests(TemplateFixture fixture)
{
    private const string ContentRoot = "content/SessionSample/";
    private const string TemplateTests = @"tests\SessionSample.Template.Tests\";
    private static readonly string[] Variants = ["tests-and-bench", "tests", "bench", "app"];

    [Fact]
    public void Pack_is_a_template_package_of_the_repository()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using (var nuspec = nuspecEntry.Open())
        {
            var packageTypes = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "packageType");
            Assert.Equal("Template", Assert.Single(packageTypes).Attribute("name")?.Value);
        }

        Assert.Contains(ContentRoot + ".template.config/template.json", entries);
        Assert.Contains(ContentRoot + ".template.config/dotnetcli.host.json", entries);
        Assert.All(Variants, variant => Assert.Contains(ContentRoot + $".template.config/solutions/{variant}/SessionSample.sln", entries));
        Assert.Contains(ContentRoot + ".template.config/app/README.md", entries);
        Assert.Contains(ContentRoot + "aspire.config.json", entries);
        Assert.Contains(ContentRoot + "global.json", entries);
        Assert.Contains(ContentRoot + "azure.yaml", entries);
        Assert.Contains(ContentRoot + "AppHost/SessionSample.AppHost.csproj", entries);
        Assert.Contains(ContentRoot + ".config/dotnet-tools.json", entries);
        Assert.Contains(ContentRoot + ".editorconfig", entries);
        Assert.Contains(ContentRoot + "Directory.Packages.props", entries);
    }

    [Theory]
    [InlineData("/bin/")]
    [InlineData("/obj/")]
    [InlineData("/.git/")]
    [InlineData("/TestResults/")]
    [InlineData("/.redis-data/")]
    [InlineData("/.azure/")]
    [InlineData("/templatepack/")]
    [InlineData("/tests/SessionSample.Template.Tests/")]
    [InlineData("/bench/results/")]
    [InlineData("/docs/screenshots/")]
    public void Pack_leaves_out_local_and_packaging_folders_and_this_repositorys_figures(string folder)
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);

        Assert.DoesNotContain(package.Entries, e => ("/" + e.FullName).Contains(folder, StringComparison.Ordinal));
    }

    /// <summary>Each variant is the repository's solution less what its options leave out, and never the pack's own tests.</summary>
    [Fact]
    public void Shipped_solutions_are_the_repository_solution_less_what_each_variant_leaves_out()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        var repository = Repository.SolutionProjects();
        Assert.Contains(repository, p => p.StartsWith(TemplateTests, StringComparison.Ordinal));
        var all = repository.Where(p => !p.StartsWith(TemplateTests, StringComparison.Ordinal)).ToArray();
        // The bench's smoke test is a test of bench/: it ships only where both come.
        bool IsBench(string p) => p.StartsWith(@"bench\", StringComparison.Ordinal) || p.StartsWith(@"tests\SessionSample.Benchmarks.Tests\", StringComparison.Ordinal);
        bool IsTestSupport(string p) => p.StartsWith(@"tests\SessionSample.Testing\", StringComparison.Ordinal);
        bool IsTest(string p) => p.StartsWith(@"tests\", StringComparison.Ordinal) && !IsTestSupport(p);

        Assert.Equal(all, Shipped(package, "tests-and-bench"));
        Assert.Equal(all.Where(p => !IsBench(p)), Shipped(package, "tests"));
        Assert.Equal(all.Where(p => !IsTest(p)), Shipped(package, "bench"));
        Assert.Equal(all.Where(p => !IsTest(p) && !IsTestSupport(p) && !IsBench(p)), Shipped(package, "app"));
        Assert.Contains(Shipped(package, "bench"), IsTestSupport);
    }

    [Fact]
    public void Template_declares_its_name_and_options()
    {
        var template = ReadTemplateJson();
        var symbols = template["symbols"]!.AsObject();

        Assert.Equal("SessionSample.AspireRedisSession", (string?)template["identity"]);
        Assert.Equal(TemplateFixture.ShortName, (string?)template["shortName"]);
        Assert.Equal(Repository.SourceName, (string?)template["sourceName"]);
        Assert.Equal("120", (string?)symbols["IdleTimeoutMinutes"]!["defaultValue"]);
        Assert.Equal("auto", (string?)symbols["RedisEngine"]!["defaultValue"]);
        Assert.Equal(["auto", "redis-server", "garnet", "container"], Choices(symbols["RedisEngine"]!));
        Assert.Equal("true", (string?)symbols["IncludeTests"]!["defaultValue"]);
        Assert.Equal("false", (string?)symbols["IncludeBench"]!["defaultValue"]);
        Assert.Equal(["net10.0"], Choices(symbols["Framework"]!));
        Assert.Equal("SessionSample:session:", (string?)symbols["KeyPrefixValue"]!["replaces"]);
    }

    /// <summary>
    /// The template engine cannot do arithmetic, so minutes become a TimeSpan through a table: every
    /// choice needs a row, and every row must say the same duration as its choice.
    /// </summary>
    [Fact]
    public void Idle_timeout_table_turns_every_choice_into_the_same_duration()
    {
        var symbols = ReadTemplateJson()["symbols"]!.AsObject();
        var choices = Choices(symbols["IdleTimeoutMinutes"]!);
        var cases = symbols["IdleTimeoutValue"]!["parameters"]!["cases"]!.AsArray()
            .ToDictionary(c => (string)c!["condition"]!, c => (string)c!["value"]!);

        Assert.Contains("120", choices);
        Assert.Equal(choices.Length, cases.Count);
        foreach (var minutes in choices)
        {
            var value = cases[$"(IdleTimeoutMinutes == \"{minutes}\")"];
            Assert.Equal(TimeSpan.FromMinutes(int.Parse(minutes, System.Globalization.CultureInfo.InvariantCulture)),
                TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static JsonObject ReadTemplateJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, ".template.config", "template.json")))!.AsObject();

    private static string[] Choices(JsonNode symbol) =>
        symbol["choices"]!.AsArray().Select(c => (string)c!["choice"]!).ToArray();

    private static string[] Shipped(ZipArchive package, string variant)
    {
        using var reader = new StreamReader(package.GetEntry(ContentRoot + $".template.config/solutions/{variant}/SessionSample.sln")!.Open());
        return SolutionProjects(reader.ReadToEnd());
    }

    /// <summary>Project paths of a classic .sln (solution folders excluded), sorted.</summary>
    internal static string[] SolutionProjects(string solution) =>
        solution.Split('\n')
            .Where(line => line.StartsWith("Project(", StringComparison.Ordinal))
            .Select(line => line.Split(',')[1].Trim().Trim('"'))
            .Where(path => path.EndsWith("proj", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
