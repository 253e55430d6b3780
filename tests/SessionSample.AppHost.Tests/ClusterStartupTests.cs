using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// Issue 18: the cluster topology started the way the aspire-starter's generated test starts an AppHost,
/// on an empty data folder, so the creation step runs <c>redis-cli --cluster create</c> while the
/// AppHost's probes are already connected to the nodes. sessions must become healthy, the API start
/// and a session value written through it be read back, all within a bounded time.
/// </summary>
public sealed class ClusterStartupTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sessionsample-cluster-startup-tests-").FullName;

    [SkippableFact(typeof(MissingToolException))]
    public async Task AClusterCreatedAtStartBecomesHealthyAndTheApiWritesASessionValueOnIt()
    {
        string[] settings = [AppHostFixture.ClusterTopology, "--RedisEngine=redis-server", $"--Redis:DataDirectory={_dataDirectory}"];
        AppHostFixture.RequireTools("redis-server", settings);
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(settings, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);

        await AppHostFixture.WaitForHealthyAsync(app, ["sessions", "apiservice"], timeout.Token);
        Assert.Equal("created", ClusterState.Property(ClusterState.Snapshot(app, "sessions-create"), RedisClusterCreationResource.OutcomeProperty));

        // The AppHost's probes (health checks, dashboard commands) see the cluster as it formed, not as their
        // connection found the nodes before redis-cli joined them: six primaries and an address-less node.
        var cluster = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<RedisClusterResource>().Single();
        var probes = await app.Services.GetRequiredService<RedisResourceConnections>().GetAsync(cluster, timeout.Token);
        Assert.All(probes.GetEndPoints(), endpoint => Assert.IsType<IPEndPoint>(endpoint));
        Assert.Equal(3, probes.GetServers().Count(server => server.IsReplica));

        using var api = new SessionClient(app.GetEndpoint("apiservice", "http"));
        using (var put = await api.PutRawAsync("/api/session/values/greeting", "\"hello cluster\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var session = await api.GetJsonAsync<JsonElement>("/api/session");
        Assert.Equal("hello cluster", session.GetProperty("values").GetProperty("greeting").GetString());
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
