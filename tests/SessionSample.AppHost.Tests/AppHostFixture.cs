namespace SessionSample.AppHost.Tests;

/// <summary>
/// Starts the real AppHost once per test class with one Redis engine forced, its Redis data in a
/// temporary folder (never the developer's), and waits until all four resources are healthy.
/// </summary>
public abstract class AppHostFixture(string engine) : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly string[] ResourceNames = ["sessions", "cache", "apiservice", "webfrontend"];

    public string Engine { get; } = engine;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sessionsample-apphost-tests-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        App = await StartAsync(Engine, DataDirectory, configure: null, timeout.Token);
        await Task.WhenAll(ResourceNames.Select(name => App.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token)));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    public static async Task<DistributedApplication> StartAsync(
        string engine, string dataDirectory, Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
            [$"--RedisEngine={engine}", $"--Redis:DataDirectory={dataDirectory}"], cancellationToken);
        configure?.Invoke(builder);

        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        return app;
    }
}

public sealed class RedisServerAppHostFixture() : AppHostFixture("redis-server");

public sealed class GarnetAppHostFixture() : AppHostFixture("garnet");
