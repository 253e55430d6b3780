using System.Text.RegularExpressions;

namespace SessionSample.Template.Tests;

/// <summary>
/// A generated solution's README is about the user's app, under their name: what runs, the two commands,
/// the session store and its configuration, deployment. The template's pitch, its comparison with other
/// session stores and its benchmark figures stay in this repository.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class GeneratedReadmeTests(TemplateFixture fixture)
{
    /// <summary>Words of the template's own front page that have no place in the user's app.</summary>
    private static readonly string[] PitchMarkers =
        ["template", "req/s", "lost updates", "Spring Session", "Laravel", "express-session", "×", "SessionSample"];

    [Fact]
    public void It_is_titled_with_the_users_name_and_says_how_to_run_it()
    {
        foreach (var solution in fixture.All)
        {
            var readme = Readme(solution);

            Assert.StartsWith($"# {solution.Name}\n", readme, StringComparison.Ordinal);
            Assert.Contains("dotnet run --project AppHost", readme, StringComparison.Ordinal);
            Assert.Contains("dotnet aspire run", readme, StringComparison.Ordinal);
            Assert.Contains("azd up", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void It_carries_none_of_the_templates_pitch_comparison_or_figures()
    {
        foreach (var solution in fixture.All)
        {
            var readme = Readme(solution);

            Assert.All(PitchMarkers, marker => Assert.DoesNotContain(marker, readme, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void It_mentions_the_tests_and_the_benchmarks_only_when_they_are_there()
    {
        foreach (var solution in fixture.All)
        {
            var readme = Readme(solution);

            Assert.Equal(solution.HasTests, readme.Contains("./test.sh", StringComparison.Ordinal));
            Assert.Equal(solution.HasBench, readme.Contains("bench/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_link_to_a_file_of_the_solution_resolves()
    {
        foreach (var solution in fixture.All)
        {
            var links = RelativeLink().Matches(Readme(solution)).Select(m => m.Groups["path"].Value).ToList();

            Assert.Contains("docs/configuration.md", links);
            Assert.All(links, link => Assert.True(
                File.Exists(solution.PathOf(link.Split('/'))) || Directory.Exists(solution.PathOf(link.Split('/'))),
                $"{solution.Name}/README.md links to {link}, which it does not have"));
        }
    }

    private static string Readme(GeneratedSolution solution) => File.ReadAllText(solution.PathOf("README.md"));

    // Markdown links that are not URLs or anchors; any #fragment is dropped.
    [GeneratedRegex(@"\]\((?<path>(?!https?:|#)[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
