using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SessionSample.Template.Tests;

/// <summary>
/// Any name works the way aspire-starter's do: files, folders and assembly names keep the name as given;
/// namespaces, cookie and telemetry names use its safe form (e.g. <c>my_shop</c>, <c>_2fast</c>); Aspire's
/// <c>Projects.</c> types, environment variables and azd's project name follow their own rules.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class NameTests(TemplateFixture fixture)
{
    [Theory]
    [InlineData("my-shop", "my_shop", "my_shop_", "MY_SHOP_", "my-shop", "my_shop")]
    [InlineData("Contoso.Shop", "Contoso.Shop", "Contoso_Shop_", "CONTOSO_SHOP_", "contoso-shop", "contoso.shop")]
    [InlineData("shop2", "shop2", "shop2_", "SHOP2_", "shop2", "shop2")]
    [InlineData("MyCompany.Sessions.Demo", "MyCompany.Sessions.Demo", "MyCompany_Sessions_Demo_", "MYCOMPANY_SESSIONS_DEMO_", "mycompany-sessions-demo", "mycompany.sessions.demo")]
    [InlineData("2fast", "_2fast", "_2fast_", "_2FAST_", "2fast", "app_2fast")]
    public void Each_use_of_the_name_takes_the_form_it_needs(
        string name, string @namespace, string projectsPrefix, string variablePrefix, string azdName, string metricPrefix)
    {
        var solution = fixture.Solution(name);

        // Files and assembly names: the name as given.
        Assert.True(File.Exists(solution.SolutionFile), $"missing {solution.SolutionFile}");
        foreach (var part in new[] { "AppHost", "ServiceDefaults", "Sessions", "ApiService", "WebFrontend" })
        {
            Assert.True(File.Exists(solution.ProjectFile(part)), $"missing {solution.ProjectFile(part)}");
        }

        Assert.Contains($"<InternalsVisibleTo Include=\"{name}.Sessions.Tests\" />", File.ReadAllText(solution.ProjectFile("Sessions")), StringComparison.Ordinal);
        Assert.Equal($"AppHost/{name}.AppHost.csproj", (string?)JsonNode.Parse(File.ReadAllText(solution.PathOf("aspire.config.json")))!["appHost"]!["path"]);

        // Code: a namespace, Aspire's generated project types, an environment variable.
        Assert.Contains($"<RootNamespace>{@namespace}.AppHost</RootNamespace>", File.ReadAllText(solution.ProjectFile("AppHost")), StringComparison.Ordinal);
        Assert.Contains($"Projects.{projectsPrefix}ApiService", File.ReadAllText(solution.PathOf("AppHost", "AppHost.cs")), StringComparison.Ordinal);
        Assert.Contains($"\"{variablePrefix}TEST_REDIS\"", File.ReadAllText(solution.PathOf("tests", $"{name}.Testing", "TestRedis.cs")), StringComparison.Ordinal);
        Assert.Matches(ShellVariable(), variablePrefix + "TEST_REDIS");

        // Cookie names must be HTTP tokens.
        var cookie = CookieName().Match(File.ReadAllText(solution.PathOf("Sessions", "Hosting", "RedisSessionOptions.cs")));
        Assert.Equal($".{@namespace}.Session", cookie.Groups["name"].Value);
        Assert.Matches(HttpToken(), cookie.Groups["name"].Value);

        // OpenTelemetry drops an instrument whose name does not start with a letter.
        var metric = $"{metricPrefix}.session.loads";
        Assert.Contains($"\"{metric}\"", File.ReadAllText(solution.PathOf("Sessions", "Telemetry", "SessionTelemetry.cs")), StringComparison.Ordinal);
        Assert.Matches(InstrumentName(), metric);

        Assert.Contains($"name: {azdName}\n", File.ReadAllText(solution.PathOf("azure.yaml")), StringComparison.Ordinal);
    }

    /// <summary>A name no file can carry is refused by <c>dotnet new</c> before anything is written.</summary>
    [Fact]
    public async Task A_name_that_cannot_be_a_file_name_is_refused_and_creates_nothing()
    {
        var output = Path.Combine(fixture.WorkDirectory, "refused-name");

        var result = await Dotnet.RunAsync(fixture.WorkDirectory, TimeSpan.FromMinutes(1),
            "new", TemplateFixture.ShortName, "-n", "my/shop", "-o", output, "--debug:custom-hive", fixture.HivePath, "--no-update-check");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Name cannot contain any of the following characters '/'", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a refused name must not leave a half-made solution");
    }

    [GeneratedRegex("""public string Name \{ get; set; \} = "(?<name>[^"]+)";""")]
    private static partial Regex CookieName();

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")]
    private static partial Regex HttpToken();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$")]
    private static partial Regex InstrumentName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellVariable();
}
