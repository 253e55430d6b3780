using SessionSample.Sessions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Reliability;

/// <summary>
/// What a store failure costs while clients write sessions at a steady rate: a Redis Cluster primary
/// SIGKILLed (its replica is promoted), and a single redis-server SIGKILLed and restarted on its AOF
/// (appendfsync everysec, as the sessions resource runs). The apps are never restarted and keep the
/// product's defaults (a 2 s operation budget, a 5 s circuit break). Each test writes
/// its figures to the test output; the benchmark's reliability run publishes them (docs/reliability.md, `--reliability`).
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    // Replication to a replica on loopback, or the AOF written before each reply, leaves little to lose;
    // a write acknowledged longer than this before the fault must never be lost.
    private static readonly TimeSpan s_lossBound = TimeSpan.FromSeconds(1);

    // A blind write (one command) of a new key per request; /read lists every key.
    private static readonly DrillEndpoints s_endpoints = new(
        i => (HttpMethod.Post, $"/blind/k{i}?value=1", $"k{i}"),
        "/read",
        view => view.GetProperty("values").EnumerateObject().Select(value => value.Name));

    [SkippableFact(typeof(MissingToolException))]
    public async Task Killing_a_cluster_primary_fails_requests_only_until_its_replica_is_promoted_and_loses_only_what_replication_had_not_carried()
    {
        await using var cluster = await RedisCluster.StartAsync();
        await using var web = await TestApp.StartAsync(cluster.ConnectionString);
        await using var api = await TestApp.StartAsync(cluster.ConnectionString, keyPrefix: web.KeyPrefix);
        await Task.WhenAll(web.WarmUpAsync(), api.WarmUpAsync());

        var report = await SessionWriteDrill.RunAsync([web.Address, api.Address], s_endpoints, () => cluster.KillPrimaryAsync(slot: 0), clients: 12);

        output.WriteLine($"cluster primary SIGKILL: {report.Describe()}");
        Assert.True(report.Failed < report.Requests, report.Describe());
        Assert.True(report.Recovery < TimeSpan.FromSeconds(20), report.Describe());
        Assert.True(report.LostWrites == 0 || report.LastLossBeforeFault <= s_lossBound, report.Describe());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Killing_and_restarting_a_redis_server_on_its_aof_loses_at_most_the_last_second_of_writes()
    {
        await using var server = await RedisServerProcess.StartAsync(new RedisServerOptions
        {
            Engine = RedisEngine.RedisServer,
            Persistent = true,
            AppendFsync = "everysec",
        });
        await using var app = await TestApp.StartAsync(server.ConnectionString);
        await app.WarmUpAsync();

        var report = await SessionWriteDrill.RunAsync([app.Address], s_endpoints, async () =>
        {
            await server.KillAsync();
            await server.RestartAsync();
        });

        output.WriteLine($"redis-server SIGKILL + restart (appendfsync everysec): {report.Describe()}");
        Assert.True(report.Recovery < TimeSpan.FromSeconds(20), report.Describe());
        Assert.True(report.LostWrites == 0 || report.LastLossBeforeFault <= s_lossBound, report.Describe());
    }
}
