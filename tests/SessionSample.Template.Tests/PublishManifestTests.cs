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

        // Sessions must survive a restart of their Redis and never be evicted; the cache may lose anything.
        var sessionsVolume = Assert.Single(resources["sessions"]!["volumes"]!.AsArray())!;
        Assert.Equal("/data", (string?)sessionsVolume["target"]);
        Assert.False((bool?)sessionsVolume["readOnly"]);
        Assert.Contains("--maxmemory-policy noeviction", Command(resources["sessions"]!), StringComparison.Ordinal);
        Assert.Null(resources["cache"]!["volumes"]);
        Assert.Contains("--maxmemory-policy allkeys-lru", Command(resources["cache"]!), StringComparison.Ordinal);

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

    [Fact]
    public async Task Manifest_carries_the_new_name_only()
    {
        var manifest = (await ProduceManifestAsync()).ToJsonString();

        Assert.DoesNotContain(Repository.SourceName, manifest, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("contoso.shop", manifest, StringComparison.OrdinalIgnoreCase);
    }

    private static string Command(JsonNode container) =>
        string.Join(' ', container["args"]!.AsArray().Select(a => (string?)a));

    private static bool IsExternal(JsonNode project) =>
        project["bindings"]!.AsObject().Any(binding => (bool?)binding.Value!["external"] == true);

    private Task<JsonNode> ProduceManifestAsync() => fixture.Customized.PublishManifestAsync();
}
