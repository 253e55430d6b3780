using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// Sessions survive an AppHost restart on both local engines (AOF in the data folder). Only the Redis
/// resources are started: the apps add nothing to what is being proven and take most of the start time.
/// </summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sessionsample-persistence-tests-").FullName;

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("redis-server")]
    [InlineData("garnet")]
    public async Task Key_written_to_sessions_survives_an_AppHost_stop_and_start(string engine)
    {
        var key = $"persistence-probe:{Guid.NewGuid():N}";
        var value = Guid.NewGuid().ToString();
        string configFile;

        await using (var first = await StartRedisOnlyAsync(engine))
        {
            await using var sessions = await RedisProbe.ConnectAsync(await ConnectionStringAsync(first));
            Assert.True(await sessions.GetDatabase().StringSetAsync(key, value));
            configFile = ConfigFileOf(first, "sessions");
            Assert.True(File.Exists(configFile));
        }

        // The config file held the password; it leaves with the AppHost.
        Assert.False(File.Exists(configFile), $"{configFile} outlived the AppHost");

        await using (var second = await StartRedisOnlyAsync(engine))
        {
            await using var sessions = await RedisProbe.ConnectAsync(await ConnectionStringAsync(second));
            Assert.Equal(value, (string?)await sessions.GetDatabase().StringGetAsync(key));
        }
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private async Task<DistributedApplication> StartRedisOnlyAsync(string engine)
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        var app = await AppHostFixture.StartAsync(engine, _dataDirectory, builder =>
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
            {
                builder.Resources.Remove(project);
            }
        }, timeout.Token);

        await app.ResourceNotifications.WaitForResourceHealthyAsync("sessions", timeout.Token);
        return app;
    }

    private static async Task<string> ConnectionStringAsync(DistributedApplication app) =>
        await app.GetConnectionStringAsync("sessions") ?? throw new InvalidOperationException("sessions has no connection string");

    private static string ConfigFileOf(DistributedApplication app, string resource)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state));
        var args = (IEnumerable<string>)state.Snapshot.Properties.Single(property => property.Name == "executable.args").Value!;
        return args.Single(arg => arg.EndsWith(".conf", StringComparison.Ordinal));
    }
}
