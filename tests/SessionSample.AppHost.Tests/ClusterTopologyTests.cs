using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// <c>Redis:Sessions:Topology=cluster</c> on the real AppHost: sessions runs as six redis-server nodes
/// forming one Redis Cluster, and the apps work on it unchanged.
/// </summary>
public sealed partial class ClusterTopologyTests(RedisClusterAppHostFixture fixture) : IClassFixture<RedisClusterAppHostFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private DistributedApplication App => fixture.App;

    [SkippableFact(typeof(MissingToolException))]
    public void SessionsIsOneParentOfSixHealthyNodesAndACreationStepThatCreatedTheCluster()
    {
        Assert.All(AppHostFixture.ResourceNames, name => Assert.True(fixture.IsHealthy(name), $"{name} is not healthy"));

        var sessions = ClusterState.Snapshot(App, "sessions");
        var report = Assert.Single(sessions.HealthReports);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Contains("cluster_state:ok, all 16384 slots served; 6 nodes: 3 primaries, 3 replicas", report.Description, StringComparison.Ordinal);

        Assert.All(ClusterState.NodeNames, node =>
        {
            Assert.True(fixture.IsHealthy(node), $"{node} is not healthy");
            Assert.Equal("sessions", ClusterState.Property(ClusterState.Snapshot(App, node), "resource.parentName"));
        });

        var creation = ClusterState.Snapshot(App, "sessions-create");
        Assert.Equal(KnownResourceStates.Finished, creation.State?.Text);
        Assert.Equal(0, creation.ExitCode);
        Assert.Equal("sessions", ClusterState.Property(creation, "resource.parentName"));
        Assert.Equal("created", ClusterState.Property(creation, RedisClusterCreationResource.OutcomeProperty));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task BothAppsGetOneConnectionStringNamingEveryNode()
    {
        var password = await ClusterState.PasswordAsync(App);
        var nodes = string.Join(',', ClusterState.NodeNames.Select(node => $"127.0.0.1:{App.GetEndpoint(node, "tcp").Port}"));

        foreach (var app in new[] { "apiservice", "webfrontend" })
        {
            var environment = ClusterState.Snapshot(App, app).EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);
            var connectionString = environment["ConnectionStrings__sessions"];
            Assert.Matches(ConnectionStringShape(), connectionString);
            Assert.Equal($"{nodes},password={password}", connectionString);
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task EveryNodeReportsClusterStateOkAndTheRolesAreThreePrimariesAndThreeReplicas()
    {
        var password = await ClusterState.PasswordAsync(App);
        var roles = new List<string>();
        foreach (var node in ClusterState.NodeNames)
        {
            await using var client = await RespClient.ConnectAsync(App.GetEndpoint(node, "tcp").Port);
            await client.AuthenticateAsync(password);

            var info = await client.SendAsync("CLUSTER", "INFO");
            Assert.Contains("cluster_state:ok", info, StringComparison.Ordinal);
            Assert.Contains("cluster_slots_ok:16384", info, StringComparison.Ordinal);
            Assert.Contains("cluster_known_nodes:6", info, StringComparison.Ordinal);
            roles.Add(Regex.Match(await client.SendAsync("INFO", "replication"), @"role:(\w+)").Groups[1].Value);
        }

        Assert.Equal(["master", "master", "master", "slave", "slave", "slave"], roles.Order());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task EachNodeKeepsTheSessionsSettingsItsOwnDataFolderAndAFreeBusPort()
    {
        var password = await ClusterState.PasswordAsync(App);
        foreach (var node in ClusterState.NodeNames)
        {
            var port = App.GetEndpoint(node, "tcp").Port;
            var busPort = App.GetEndpoint(node, RedisClusterNodeResource.BusEndpointName).Port;
            await using var client = await RespClient.ConnectAsync(port);
            Assert.StartsWith("-NOAUTH", await client.SendAsync("CLUSTER", "INFO"), StringComparison.Ordinal);
            await client.AuthenticateAsync(password);

            Assert.Equal($"appendonly\nyes", await client.SendAsync("CONFIG", "GET", "appendonly"));
            Assert.Equal($"appendfsync\neverysec", await client.SendAsync("CONFIG", "GET", "appendfsync"));
            Assert.Equal($"maxmemory-policy\nnoeviction", await client.SendAsync("CONFIG", "GET", "maxmemory-policy"));
            Assert.Equal($"cluster-port\n{busPort}", await client.SendAsync("CONFIG", "GET", "cluster-port"));
            var directory = Path.Combine(fixture.DataDirectory, "redis-server", "sessions-cluster", node);
            Assert.Equal($"dir\n{directory}", await client.SendAsync("CONFIG", "GET", "dir"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            Assert.True(File.Exists(Path.Combine(directory, RedisClusterNodeResource.ConfigFileName)), $"{node} has no nodes.conf in {directory}");

            var (args, commandLine) = await ClusterState.CommandLineAsync(App, node);
            Assert.DoesNotContain(password, commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain(args, arg => arg.Contains(password, StringComparison.Ordinal));
            var configFile = Assert.Single(args, arg => arg.EndsWith(".conf", StringComparison.Ordinal));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
            Assert.Contains($"masterauth \"{password}\"", await File.ReadAllTextAsync(configFile), StringComparison.Ordinal);
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task ASessionWrittenThroughTheApiAfterSignInIsReadByTheWebFrontend()
    {
        // Sign-in regenerates the session id (a move between two slots on a cluster), then the cart is written.
        using var api = new SessionClient(App.GetEndpoint("apiservice", "http"));
        using (var login = await api.PostAsJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using (var add = await api.PostAsJsonAsync("/api/cart/items", new { sku = "TEA", quantity = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        using var web = api.Copy(App.GetEndpoint("webfrontend", "http"));
        using var cart = await web.GetAsync("/Cart");
        var html = await cart.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        Assert.Matches(@"data-testid=""cart-line"" data-sku=""TEA"">[\s\S]*?data-testid=""cart-quantity"">2<", html);
        Assert.Contains("alice", html, StringComparison.Ordinal);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task DashboardCommandsOfSessionsCoverEveryNodeAndANodesOwnCoverOnlyIt()
    {
        var ping = await ExecuteCommandAsync("sessions", RedisDashboardCommands.PingCommand);
        Assert.Contains("nodes 3 primaries, 3 replicas", ping, StringComparison.Ordinal);
        Assert.All(ClusterState.NodeNames, node => Assert.Contains($"127.0.0.1:{App.GetEndpoint(node, "tcp").Port} (", ping, StringComparison.Ordinal));

        var memory = await ExecuteCommandAsync("sessions", RedisDashboardCommands.MemoryCommand);
        Assert.Matches(@"used memory \d+(\.\d+)?[BKMG] \(6 nodes\), maxmemory none \(0\) per node, maxmemory policy noeviction", memory);

        var keyspace = await ExecuteCommandAsync("sessions", RedisDashboardCommands.KeyspaceCommand);
        Assert.Matches(@"keyspace hits \d+, keyspace misses \d+, hit ratio .+, evicted keys \d+, keys \d+, 127\.0\.0\.1:\d+ \((primary|replica)\) \d+ keys", keyspace);

        var port = App.GetEndpoint("sessions-2", "tcp").Port;
        var nodePing = await ExecuteCommandAsync("sessions-2", RedisDashboardCommands.PingCommand);
        Assert.Matches(@"^Ping: round trip \d+(\.\d+)? ms, server redis [\d.]+, endpoint 127\.0\.0\.1:" + port + "$", nodePing);
    }

    private async Task<string> ExecuteCommandAsync(string resource, string command)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
        Assert.True(result.Success, result.Message);
        return result.Message!;
    }

    [GeneratedRegex(@"^(127\.0\.0\.1:\d{2,5},){6}password=[A-Za-z0-9]+$")]
    private static partial Regex ConnectionStringShape();
}

/// <summary>What the cluster tests read from the running AppHost.</summary>
internal static class ClusterState
{
    public static readonly string[] NodeNames = [.. Enumerable.Range(1, 6).Select(i => string.Create(CultureInfo.InvariantCulture, $"sessions-{i}"))];

    public static CustomResourceSnapshot Snapshot(DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state) ? state.Snapshot
            : throw new InvalidOperationException($"No state for {resource}.");

    public static string? Property(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.SingleOrDefault(property => property.Name == name)?.Value?.ToString();

    public static async Task<string> PasswordAsync(DistributedApplication app) =>
        RedisProbe.PasswordOf(await app.GetConnectionStringAsync("sessions") ?? throw new InvalidOperationException("sessions has no connection string"));

    /// <summary>A node's arguments as the dashboard shows them, and its command line as ps shows it.</summary>
    public static async Task<(string[] Args, string CommandLine)> CommandLineAsync(DistributedApplication app, string resource)
    {
        var properties = Snapshot(app, resource).Properties.ToDictionary(property => property.Name, property => property.Value);
        var args = ((IEnumerable<string>)properties["executable.args"]!).ToArray();
        var pid = Convert.ToInt32(properties["executable.pid"], CultureInfo.InvariantCulture);
        return (args, await RedisProbe.ProcessCommandLineAsync(pid));
    }
}
