using System.Diagnostics;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>The local Redis Cluster launcher (redis-server only): sharding across primaries, and a failover.</summary>
public sealed class ClusterLauncherTests
{
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_readAgainLimit = TimeSpan.FromSeconds(20);

    [SkippableFact(typeof(MissingToolException))]
    public async Task Keys_spread_over_three_primaries_and_a_killed_primarys_keys_are_read_again_from_its_promoted_replica()
    {
        var starting = Stopwatch.StartNew();
        var cluster = await RedisCluster.StartAsync();
        List<int> pids;
        try
        {
            starting.Stop();
            Assert.True(starting.Elapsed < s_startLimit, $"the cluster took {starting.Elapsed} to start");
            pids = [.. cluster.Nodes.Select(node => node.ProcessId)];
            Assert.Equal(6, pids.Distinct().Count());
            await AssertAPasswordIsNeededAsync(cluster);

            await using var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString);
            var db = connection.GetDatabase();
            var keys = Enumerable.Range(0, 30).Select(i => $"cluster-probe:{i}").ToList();
            foreach (var key in keys)
            {
                Assert.True(await db.StringSetAsync(key, "value of " + key));
            }

            var topology = await cluster.TopologyAsync();
            var primaries = topology.Where(node => node.IsPrimary).ToList();
            Assert.Equal(3, primaries.Count);
            Assert.Equal(3, topology.Count(node => !node.IsPrimary && primaries.Any(primary => primary.Id == node.PrimaryId)));
            var keysByPrimary = keys.GroupBy(key => primaries.Single(primary => primary.Serves(connection.HashSlot(key))).Id).ToList();
            Assert.Equal(3, keysByPrimary.Count);
            foreach (var key in keys)
            {
                Assert.Equal("value of " + key, (string?)await db.StringGetAsync(key));
            }

            // Every write has reached the replicas before a primary dies: the failover loses nothing.
            await cluster.WaitForReplicasAsync();
            var slot = connection.HashSlot(keys[0]);
            var victim = primaries.Single(primary => primary.Serves(slot));
            var replica = topology.Single(node => node.PrimaryId == victim.Id);

            var killed = await cluster.KillPrimaryAsync(slot);

            Assert.Equal(victim.Id, killed.Id);
            var after = await cluster.TopologyAsync();
            var promoted = after.Single(node => node.Id == replica.Id);
            Assert.True(promoted.IsPrimary && promoted.Serves(slot), $"the replica on port {replica.Port} did not take over slot {slot}");
            Assert.True(after.Single(node => node.Id == victim.Id).Failed);
            foreach (var key in keysByPrimary.Single(group => group.Key == victim.Id))
            {
                Assert.Equal("value of " + key, await ReadAgainAsync(connection, key));
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"redis-server {pid} outlived the cluster"));
    }

    private static async Task AssertAPasswordIsNeededAsync(RedisCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            await using var anonymous = await RespClient.ConnectAsync(node.Port);
            Assert.StartsWith("-NOAUTH", await anonymous.SendAsync("CLUSTER", "INFO"), StringComparison.Ordinal);
        }
    }

    // The multiplexer learns the new primary from a MOVED reply or its own topology refresh; until then a
    // read of the slot fails, which is what a client sees during a failover.
    private static async Task<string?> ReadAgainAsync(ConnectionMultiplexer connection, string key)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await connection.GetDatabase().StringGetAsync(key);
            }
            catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException && waited.Elapsed < s_readAgainLimit)
            {
                await Task.Delay(100);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
