using System.Text.Json.Nodes;

namespace SessionSample.Template.Tests;

/// <summary>
/// azd deploys what the AppHost describes in publish mode: <c>dotnet run --project AppHost --
/// --publisher manifest</c>. The generated solution's manifest must describe Redis containers for
/// sessions and cache and the two apps wired to them.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class PublishManifestTests(TemplateFixture fixture)
{
    [Fact]
    public async Task Manifest_describes_redis_containers_and_the_wired_apps()
    {
        var resources = (await ProduceManifestAsync())["resources"]!.AsObject();

        foreach (var redis in new[] { "sessions", "cache" })
        {
            var resource = resources[redis]!;
            Assert.StartsWith("container.", (string?)resource["type"], StringComparison.Ordinal);
            Assert.Contains("redis", (string?)resource["image"], StringComparison.Ordinal);
            var connectionString = (string?)resource["connectionString"];
            Assert.Contains($"{{{redis}.bindings.tcp.host}}:{{{redis}.bindings.tcp.port}}", connectionString, StringComparison.Ordinal);
            Assert.Contains($"password={{{redis}-password.value}}", connectionString, StringComparison.Ordinal);

            // Redis always has a password: a secret parameter that azd generates and keeps.
            var password = resources[$"{redis}-password"]!;
            Assert.StartsWith("parameter.", (string?)password["type"], StringComparison.Ordinal);
            Assert.True((bool?)password["inputs"]!["value"]!["secret"]);
            Assert.NotNull(password["inputs"]!["value"]!["default"]!["generate"]);
        }

        var api = resources["apiservice"]!;
        var web = resources["webfrontend"]!;
        Assert.StartsWith("project.", (string?)api["type"], StringComparison.Ordinal);
        Assert.StartsWith("project.", (string?)web["type"], StringComparison.Ordinal);
        Assert.EndsWith("Contoso.Shop.ApiService.csproj", (string?)api["path"], StringComparison.Ordinal);
        Assert.EndsWith("Contoso.Shop.WebFrontend.csproj", (string?)web["path"], StringComparison.Ordinal);

        foreach (var app in new[] { api, web })
        {
            var env = app["env"]!;
            Assert.Equal("{sessions.connectionString}", (string?)env["ConnectionStrings__sessions"]);
            Assert.Equal("{cache.connectionString}", (string?)env["ConnectionStrings__cache"]);
        }

        Assert.Equal("{apiservice.bindings.http.url}", (string?)web["env"]!["services__apiservice__http__0"]);
        Assert.Null(api["env"]!["services__webfrontend__http__0"]);

        Assert.True(IsExternal(web), "webfrontend must be reachable from outside");
        Assert.False(IsExternal(api), "apiservice must stay internal");
    }

    private static bool IsExternal(JsonNode project) =>
        project["bindings"]!.AsObject().Any(binding => (bool?)binding.Value!["external"] == true);

    private async Task<JsonNode> ProduceManifestAsync()
    {
        var solution = fixture.Customized;
        (await solution.BuildAsync()).EnsureSuccess();

        var manifestPath = Path.Combine(fixture.WorkDirectory, "contoso-shop-manifest.json");
        (await Dotnet.RunAsync(solution.Directory, TimeSpan.FromMinutes(2),
            "run", "--project", solution.ProjectFile("AppHost"), "-c", "Release", "--no-build", "--no-launch-profile",
            "--", "--publisher", "manifest", "--output-path", manifestPath)).EnsureSuccess();

        return JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
    }
}
