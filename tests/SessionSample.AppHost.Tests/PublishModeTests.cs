using System.Text.Json.Nodes;
using RedisSessions.Hosting;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// Publishing describes a deployment, so both Redis resources are the Redis container with the same
/// settings the local engines get, whatever is installed on the machine that publishes.
/// </summary>
public sealed class PublishModeTests : IDisposable
{
    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("sessionsample-manifest-tests-").FullName;

    [Fact]
    public async Task Manifest_has_sessions_and_cache_as_containers_referenced_by_both_projects()
    {
        var manifest = await PublishManifestAsync();
        var resources = manifest["resources"]!.AsObject();

        var sessions = resources["sessions"]!;
        var cache = resources["cache"]!;
        Assert.Equal("container.v0", (string?)sessions["type"]);
        Assert.Equal("container.v0", (string?)cache["type"]);

        var sessionsCommand = string.Join(' ', sessions["args"]!.AsArray().Select(arg => (string?)arg));
        Assert.Contains("--requirepass $REDIS_PASSWORD", sessionsCommand, StringComparison.Ordinal);
        Assert.Contains("--maxmemory-policy noeviction", sessionsCommand, StringComparison.Ordinal);
        Assert.Contains("--appendonly yes --appendfsync everysec", sessionsCommand, StringComparison.Ordinal);
        Assert.Equal("/data", (string?)Assert.Single(sessions["volumes"]!.AsArray())!["target"]);

        var cacheCommand = string.Join(' ', cache["args"]!.AsArray().Select(arg => (string?)arg));
        Assert.Contains("--maxmemory-policy allkeys-lru --maxmemory 256mb", cacheCommand, StringComparison.Ordinal);
        Assert.Contains("--appendonly no", cacheCommand, StringComparison.Ordinal);
        Assert.Null(cache["volumes"]);

        foreach (var project in new[] { "apiservice", "webfrontend" })
        {
            var env = resources[project]!["env"]!;
            Assert.Equal("project.v0", (string?)resources[project]!["type"]);
            Assert.Equal("{sessions.connectionString}", (string?)env["ConnectionStrings__sessions"]);
            Assert.Equal("{cache.connectionString}", (string?)env["ConnectionStrings__cache"]);
        }

        // Only the web frontend is reachable from outside.
        Assert.Contains(resources["webfrontend"]!["bindings"]!.AsObject(), binding => (bool?)binding.Value!["external"] == true);
        Assert.DoesNotContain(resources["apiservice"]!["bindings"]!.AsObject(), binding => (bool?)binding.Value!["external"] == true);
    }

    [Fact]
    public async Task ClusterTopologyStillPublishesTheSingleSessionsContainer()
    {
        var manifest = await PublishManifestAsync("--Redis:Sessions:Topology=cluster");
        var resources = manifest["resources"]!.AsObject();

        Assert.Equal("container.v0", (string?)resources["sessions"]!["type"]);
        Assert.DoesNotContain(resources, resource => System.Text.RegularExpressions.Regex.IsMatch(resource.Key, @"^sessions-(\d+|create)$"));
        Assert.Equal("{sessions.connectionString}", (string?)resources["apiservice"]!["env"]!["ConnectionStrings__sessions"]);
    }

    [Fact]
    public async Task With_their_connection_strings_set_sessions_and_cache_are_secret_connection_strings_azd_asks_for()
    {
        const string sessionsSecret = "sessions.example.net:10000,password=not-in-the-manifest,ssl=true";
        const string cacheSecret = "cache.example.net:6380,password=nor-this-one,ssl=true";
        var manifest = await PublishManifestAsync($"--{ExternalRedis.SessionsKey}={sessionsSecret}", $"--{ExternalRedis.CacheKey}={cacheSecret}");
        var resources = manifest["resources"]!.AsObject();

        foreach (var name in new[] { "sessions", "cache" })
        {
            var resource = resources[name]!;
            Assert.Equal("parameter.v0", (string?)resource["type"]);
            Assert.Equal($"{{{name}.value}}", (string?)resource["connectionString"]);
            var input = resource["inputs"]!["value"]!;
            Assert.True((bool?)input["secret"]);
            Assert.Null(input["default"]);
            Assert.Null(resources[$"{name}-password"]);
        }

        Assert.DoesNotContain(resources, resource => (string?)resource.Value!["type"] == "container.v0");
        foreach (var project in new[] { "apiservice", "webfrontend" })
        {
            var env = resources[project]!["env"]!;
            Assert.Equal("{sessions.connectionString}", (string?)env["ConnectionStrings__sessions"]);
            Assert.Equal("{cache.connectionString}", (string?)env["ConnectionStrings__cache"]);
        }

        // The values set in the AppHost are for local runs: azd asks for the deployed ones.
        var text = manifest.ToJsonString();
        Assert.DoesNotContain("not-in-the-manifest", text, StringComparison.Ordinal);
        Assert.DoesNotContain("nor-this-one", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_Redis_given_by_connection_string_leaves_the_manifest_as_a_container()
    {
        var manifest = await PublishManifestAsync($"--{ExternalRedis.SessionsKey}=sessions.example.net:10000,password=x,ssl=true");
        var resources = manifest["resources"]!.AsObject();

        Assert.Equal("parameter.v0", (string?)resources["sessions"]!["type"]);
        Assert.Equal("container.v0", (string?)resources["cache"]!["type"]);
    }

    public void Dispose() => Directory.Delete(_outputDirectory, recursive: true);

    private async Task<JsonNode> PublishManifestAsync(params string[] settings)
    {
        var manifestPath = Path.Combine(_outputDirectory, "manifest.json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
            ["--publisher", "manifest", "--output-path", manifestPath, .. settings], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.RunAsync(timeout.Token);

        return JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, timeout.Token))!;
    }
}
