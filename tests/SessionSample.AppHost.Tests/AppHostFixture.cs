using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// Starts the real AppHost once per test class with one Redis engine forced (plus any other settings),
/// its Redis data in a temporary folder (never the developer's), and waits until all four resources
/// are healthy.
/// </summary>
public abstract class AppHostFixture(string engine, params string[] settings) : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public static readonly string[] ResourceNames = ["sessions", "cache", "apiservice", "webfrontend"];

    /// <summary>The setting that makes sessions a local Redis Cluster.</summary>
    public static readonly string ClusterTopology = $"--{RedisTopologySelector.ConfigurationKey}={RedisTopologySelector.Cluster}";

    public string Engine { get; } = engine;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sessionsample-apphost-tests-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        App = await StartAsync(Engine, DataDirectory, configure: null, timeout.Token, settings);
        await WaitForHealthyAsync(App, ResourceNames, timeout.Token);
    }

    /// <summary>Waits until every resource named is healthy; if one fails or time runs out, says which are not and what they logged.</summary>
    public static async Task WaitForHealthyAsync(DistributedApplication app, IEnumerable<string> resourceNames, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(resourceNames.Select(name => app.ResourceNotifications.WaitForResourceHealthyAsync(name, cancellationToken)));
        }
        catch (Exception exception) when (exception is OperationCanceledException or DistributedApplicationException)
        {
            var report = new System.Text.StringBuilder($"The AppHost's resources did not all become healthy ({exception.Message}):\n");
            var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
            foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources)
            {
                if (!app.ResourceNotifications.TryGetCurrentState(resource.Name, out var state) || state.Snapshot.HealthStatus == HealthStatus.Healthy)
                {
                    continue;
                }

                report.Append(CultureInfo.InvariantCulture, $"- {resource.Name}: {state.Snapshot.State?.Text}, {state.Snapshot.HealthStatus}\n");
                foreach (var health in state.Snapshot.HealthReports)
                {
                    report.Append(CultureInfo.InvariantCulture, $"    health check {health.Name}: {health.Status} {health.Description}\n");
                }

                await foreach (var lines in loggers.GetAllAsync(resource.Name).WithCancellation(CancellationToken.None))
                {
                    foreach (var line in lines.TakeLast(20))
                    {
                        report.Append("    ").Append(line.Content).Append('\n');
                    }
                }
            }

            throw new TimeoutException(report.ToString(), exception);
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    public static async Task<DistributedApplication> StartAsync(
        string engine, string dataDirectory, Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken cancellationToken,
        params string[] settings)
    {
        RequireTools(engine, settings);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
            [$"--RedisEngine={engine}", $"--Redis:DataDirectory={dataDirectory}", .. settings], cancellationToken);
        configure?.Invoke(builder);

        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>
    /// Where the engine's programs are not on PATH, a <see cref="MissingToolException"/>: the test is reported
    /// skipped, naming them, instead of failing in the AppHost's engine choice.
    /// </summary>
    public static void RequireTools(string engine, IEnumerable<string> settings)
    {
        if (engine != "redis-server")
        {
            return;
        }

        if (settings.Contains(ClusterTopology))
        {
            TestRedis.RequireRedisCli("The AppHost's sessions cluster");
        }
        else
        {
            TestRedis.RequireRedisServer("The AppHost on redis-server");
        }
    }

    /// <summary>Whether the resource reports Healthy now (the fixture already waited for every one at start).</summary>
    public bool IsHealthy(string resourceName) =>
        App.ResourceNotifications.TryGetCurrentState(resourceName, out var state)
        && state.Snapshot.HealthStatus == HealthStatus.Healthy;
}

public sealed class RedisServerAppHostFixture() : AppHostFixture("redis-server");

public sealed class GarnetAppHostFixture() : AppHostFixture("garnet");

public sealed class RedisClusterAppHostFixture() : AppHostFixture("redis-server", ClusterTopology);
