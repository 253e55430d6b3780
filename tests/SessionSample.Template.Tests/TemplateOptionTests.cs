namespace SessionSample.Template.Tests;

/// <summary>What <c>dotnet new aspire-redis-session</c> says to the person who runs it.</summary>
[Collection(TemplateCollection.Name)]
public sealed class TemplateOptionTests(TemplateFixture fixture)
{
    [Theory]
    [InlineData("--idle-timeout", "45", "1440")]
    [InlineData("--engine", "docker", "redis-server")]
    public async Task Invalid_values_are_refused_and_create_nothing(string option, string value, string listedChoice)
    {
        var output = Path.Combine(fixture.WorkDirectory, $"refused{option}");

        var result = await Dotnet.RunAsync(fixture.WorkDirectory, TimeSpan.FromMinutes(1),
            "new", TemplateFixture.ShortName, "-n", "Refused.App", "-o", output,
            "--debug:custom-hive", fixture.HivePath, "--no-update-check", option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"'{value}' is not a valid value for {option}", result.Output, StringComparison.Ordinal);
        Assert.Contains(listedChoice, result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a refused command must not leave a half-made solution");
    }

    [Fact]
    public void Creation_restores_the_solution()
    {
        foreach (var solution in fixture.All)
        {
            Assert.Contains($"Restoring {solution.SolutionFile}", solution.CreationOutput, StringComparison.Ordinal);
            Assert.Contains("Restore succeeded.", solution.CreationOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Manual instructions", solution.CreationOutput, StringComparison.Ordinal);
        }
    }
}
