using System.Text.Json.Nodes;

namespace SessionSample.Template.Tests;

/// <summary>
/// A solution made with <c>dotnet new aspire-redis-session -o my-shop</c> starts with the Aspire CLI the
/// way its README says: <c>dotnet tool restore</c>, then <c>dotnet aspire run</c>, which finds the AppHost
/// through aspire.config.json. The app is up when both services are healthy and the home page shows
/// what it fetched from the API. <c>--isolated</c> gives the run its own ports, so it cannot collide
/// with an app a developer already has running. The CLI builds the AppHost before it runs it; it does so
/// in Release here (<see cref="ReleaseBuild"/>), where the fixture's build already compiled every project,
/// so that build only finds them up to date instead of compiling five projects again in Debug.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class AspireCliTests(TemplateFixture fixture)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>MSBuild reads environment variables as properties: the configuration the fixture built.</summary>
    private static readonly Dictionary<string, string> ReleaseBuild = new() { ["Configuration"] = "Release" };

    [Fact]
    public async Task Aspire_run_finds_the_AppHost_and_the_app_becomes_healthy()
    {
        var solution = fixture.MyShop;
        (await solution.BuildAsync()).EnsureSuccess();
        await fixture.AllBuilt;
        (await Dotnet.RunAsync(solution.Directory, TimeSpan.FromMinutes(2), "tool", "restore")).EnsureSuccess();

        var run = await Dotnet.RunAsync(solution.Directory, StartTimeout, ReleaseBuild,
            "aspire", "run", "--detach", "--isolated", "--non-interactive", "--nologo", "--format", "Json");
        try
        {
            run.EnsureSuccess();
            Assert.Contains($"AppHost/{solution.Name}.AppHost.csproj".Replace('/', Path.DirectorySeparatorChar), run.Output, StringComparison.Ordinal);

            foreach (var resource in new[] { "apiservice", "webfrontend" })
            {
                (await Dotnet.RunAsync(solution.Directory, StartTimeout,
                    "aspire", "wait", resource, "--status", "healthy", "--timeout", ((int)StartTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "--non-interactive", "--nologo")).EnsureSuccess();
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            var home = await http.GetStringAsync(await WebFrontendUrlAsync(solution));
            Assert.Contains("Answered by <strong>apiservice</strong>", home, StringComparison.Ordinal);
        }
        finally
        {
            await Dotnet.RunAsync(solution.Directory, TimeSpan.FromMinutes(2), "aspire", "stop", "--non-interactive", "--nologo");
        }
    }

    /// <summary>The web frontend's http URL, from <c>aspire describe</c> (the JSON follows the CLI's status lines).</summary>
    private static async Task<Uri> WebFrontendUrlAsync(GeneratedSolution solution)
    {
        var describe = (await Dotnet.RunAsync(solution.Directory, TimeSpan.FromMinutes(1),
            "aspire", "describe", "webfrontend", "--format", "Json", "--non-interactive", "--nologo")).EnsureSuccess();
        var json = JsonNode.Parse(describe.Output[describe.Output.IndexOf('{', StringComparison.Ordinal)..])!;
        var resource = json["resources"]!.AsArray().Single(r => (string?)r!["displayName"] == "webfrontend")!;
        var url = resource["urls"]!.AsArray().Select(u => (string?)u!["url"]).First(u => u!.StartsWith("http://", StringComparison.Ordinal));
        return new Uri(url!);
    }
}
