using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// "Your own Redis" run locally: with <c>Redis:Sessions:ConnectionString</c> and <c>Redis:Cache:ConnectionString</c>
/// the AppHost starts no Redis of its own; the apps get those connection strings and keep their sessions in the
/// servers the test started (real redis-server processes, with passwords, on free ports).
/// </summary>
public sealed class ExternalRedisTests
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task TheAppsUseTheRedisGivenByConnectionStringAndTheAppHostRunsNone()
    {
        await using var sessionsServer = await RedisServerProcess.StartAsync(new() { Engine = SessionSample.Testing.RedisEngine.RedisServer });
        await using var cacheServer = await RedisServerProcess.StartAsync(new() { Engine = SessionSample.Testing.RedisEngine.RedisServer });
        var sessionsConnectionString = $"127.0.0.1:{sessionsServer.Port},password={sessionsServer.Password}";
        var cacheConnectionString = $"127.0.0.1:{cacheServer.Port},password={cacheServer.Password}";
        Assert.Equal(":0", await sessionsServer.CommandAsync("DBSIZE"));

        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
            [$"--{ExternalRedis.SessionsKey}={sessionsConnectionString}", $"--{ExternalRedis.CacheKey}={cacheConnectionString}"], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await AppHostFixture.WaitForHealthyAsync(app, AppHostFixture.ResourceNames, timeout.Token);

        // Nothing the AppHost runs holds Redis: both resources are the connection strings given.
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        Assert.DoesNotContain(resources, resource => resource is LocalRedisResource or RedisClusterNodeResource or ContainerResource);
        Assert.All(resources.Where(resource => resource.Name is "sessions" or "cache"), resource => Assert.IsNotAssignableFrom<ExecutableResource>(resource));
        Assert.Equal(sessionsConnectionString, await app.GetConnectionStringAsync("sessions", timeout.Token));
        Assert.Equal(cacheConnectionString, await app.GetConnectionStringAsync("cache", timeout.Token));

        // Both apps are handed them, as the dashboard shows their environment...
        foreach (var project in new[] { "apiservice", "webfrontend" })
        {
            Assert.True(app.ResourceNotifications.TryGetCurrentState(project, out var state));
            var environment = state.Snapshot.EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);
            Assert.Equal(sessionsConnectionString, environment["ConnectionStrings__sessions"]);
            Assert.Equal(cacheConnectionString, environment["ConnectionStrings__cache"]);
        }

        // ...and a session written through the API lands in the sessions server.
        using var api = new SessionClient(app.GetEndpoint("apiservice", "http"));
        using (var put = await api.PutRawAsync("/api/session/values/greeting", "\"hello own redis\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.NotEqual(":0", await sessionsServer.CommandAsync("DBSIZE"));

        // The dashboard's commands work on it too.
        var ping = await app.ResourceCommands.ExecuteCommandAsync("sessions", RedisDashboardCommands.PingCommand, timeout.Token);
        Assert.True(ping.Success, ping.Message);
        Assert.Contains($"127.0.0.1:{sessionsServer.Port}", ping.Message, StringComparison.Ordinal);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task WithOnlyTheSessionsRedisGivenItsResourceGoesUnhealthyWhenThatRedisStopsAndHealthyWhenItReturns()
    {
        await using var sessionsServer = await RedisServerProcess.StartAsync(new() { Engine = SessionSample.Testing.RedisEngine.RedisServer });
        var sessionsConnectionString = $"127.0.0.1:{sessionsServer.Port},password={sessionsServer.Password}";

        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout + TimeSpan.FromMinutes(3));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
            [$"--{ExternalRedis.SessionsKey}={sessionsConnectionString}"], timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        await AppHostFixture.WaitForHealthyAsync(app, AppHostFixture.ResourceNames, timeout.Token);

        // The cache, not given, is still one the AppHost runs.
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        Assert.Contains(resources, resource => resource.Name == "cache" && resource is LocalRedisResource);

        await sessionsServer.KillAsync();
        await app.ResourceNotifications.WaitForResourceAsync("sessions", change => change.Snapshot.HealthStatus == HealthStatus.Unhealthy, timeout.Token);

        await sessionsServer.RestartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("sessions", timeout.Token);
    }

    [Fact]
    public async Task A_malformed_connection_string_stops_a_local_run_at_once_naming_the_setting()
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);

        var error = await Record.ExceptionAsync(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
                [$"--{ExternalRedis.SessionsKey}=127.0.0.1:6379,password=s3cret,ssl=perhaps"], timeout.Token);
            await using var app = await builder.BuildAsync(timeout.Token);
        });

        Assert.NotNull(error);
        var messages = string.Join(" | ", Flatten(error).Select(inner => inner.Message));
        Assert.Contains(ExternalRedis.SessionsKey, messages, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            yield return inner;
        }
    }
}
