namespace SessionSample.Template.Tests;

/// <summary>
/// Nothing the user did not ask for: <c>--include-tests</c> (default true) brings the test projects,
/// <c>--include-bench</c> (default false) the benchmarks and the test support they build on; this
/// repository's screenshots, front page and benchmark figures never ship.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class OptionCombinationTests(TemplateFixture fixture)
{
    private const string TestSupport = @"tests\SessionSample.Testing\";
    private const string BenchTests = @"tests\SessionSample.Benchmarks.Tests\";

    [Fact]
    public void Each_solution_lists_exactly_the_projects_its_options_ask_for_and_ships_them()
    {
        foreach (var solution in fixture.All)
        {
            var expected = Repository.SolutionProjects()
                .Where(p => !p.StartsWith(@"tests\SessionSample.Template.Tests\", StringComparison.Ordinal))
                .Where(p => solution.HasBench || !(p.StartsWith(@"bench\", StringComparison.Ordinal) || p.StartsWith(BenchTests, StringComparison.Ordinal)))
                .Where(p => !p.StartsWith(@"tests\", StringComparison.Ordinal) || solution.HasTests || (solution.HasBench && p.StartsWith(TestSupport, StringComparison.Ordinal)))
                .Select(p => p.Replace(Repository.SourceName, solution.Name, StringComparison.Ordinal));

            var projects = TemplatePackTests.SolutionProjects(File.ReadAllText(solution.SolutionFile));

            Assert.Equal(expected, projects);
            Assert.All(projects, p => Assert.True(File.Exists(solution.PathOf(p.Split('\\'))), $"{solution.Name}: {p} is listed but missing"));
        }
    }

    [Fact]
    public void Without_include_bench_there_is_no_bench_folder()
    {
        foreach (var solution in fixture.All.Where(s => !s.HasBench))
        {
            Assert.False(Directory.Exists(solution.PathOf("bench")), $"{solution.Name} has bench/ without --include-bench");
        }

        Assert.True(Directory.Exists(fixture.Customized.PathOf("bench", "Contoso.Shop.Benchmarks")));
    }

    [Fact]
    public void Without_tests_only_the_test_support_the_benchmarks_need_is_there()
    {
        Assert.False(Directory.Exists(fixture.AppOnly.PathOf("tests")), "include-tests false must not create tests/");

        var benchOnly = fixture.BenchWithoutTests;
        var testFolders = Directory.GetDirectories(benchOnly.PathOf("tests")).Select(Path.GetFileName);
        Assert.Equal(["Northwind.Bench.Testing"], testFolders);
        Assert.True(Directory.Exists(benchOnly.PathOf("bench", "Northwind.Bench.Benchmarks")));
    }

    [Fact]
    public void No_solution_carries_this_repositorys_screenshots_figures_or_template_page()
    {
        foreach (var solution in fixture.All)
        {
            Assert.False(Directory.Exists(solution.PathOf("docs", "screenshots")), $"{solution.Name} ships docs/screenshots");
            Assert.False(File.Exists(solution.PathOf("docs", "benchmarks.md")), $"{solution.Name} ships docs/benchmarks.md");
            Assert.False(File.Exists(solution.PathOf("docs", "template.md")), $"{solution.Name} ships docs/template.md");
            Assert.False(Directory.Exists(solution.PathOf("bench", "results")), $"{solution.Name} ships bench/results");
            Assert.DoesNotContain(Directory.EnumerateFiles(solution.Directory, "*.png", SearchOption.AllDirectories),
                file => !GeneratedSolutionTests.IsBuildOutput(Path.GetRelativePath(solution.Directory, file)));
        }
    }
}
