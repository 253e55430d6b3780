using RedisSessions.Hosting;

namespace SessionSample.AppHost.Tests;

public sealed class RedisTopologyTests
{
    private static readonly RedisEngineChoice s_redisServer = new(RedisEngine.RedisServer, "forced", "/usr/bin/redis-server");
    private static readonly RedisEngineChoice s_garnet = new(RedisEngine.Garnet, "forced by RedisEngine=garnet");
    private static readonly RedisEngineChoice s_container = new(RedisEngine.Container, "the container runtime 'docker' answers");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("standalone")]
    [InlineData("Standalone")]
    public void StandaloneIsTheDefaultOnEveryEngine(string? configured)
    {
        Assert.All([s_redisServer, s_garnet, s_container], engine =>
            Assert.Equal(RedisTopology.Standalone, RedisTopologySelector.Select(configured, engine, isPublishMode: false)));
    }

    [Fact]
    public void ClusterRunsOnRedisServer() =>
        Assert.Equal(RedisTopology.Cluster, RedisTopologySelector.Select("cluster", s_redisServer, isPublishMode: false));

    [Fact]
    public void PublishingKeepsTheSingleContainerWhateverTheTopology() =>
        Assert.Equal(RedisTopology.Standalone, RedisTopologySelector.Select("cluster", s_container, isPublishMode: true));

    [Fact]
    public void TheContainerEngineRefusesClusterAndSaysWhy()
    {
        var error = Assert.Throws<DistributedApplicationException>(() => RedisTopologySelector.Select("cluster", s_container, isPublishMode: false));

        Assert.Contains("Redis:Sessions:Topology=cluster runs the sessions cluster on redis-server only", error.Message, StringComparison.Ordinal);
        Assert.Contains("container (the container runtime 'docker' answers)", error.Message, StringComparison.Ordinal);
        Assert.Contains("cluster-announce-ip", error.Message, StringComparison.Ordinal);
        Assert.Contains("RedisEngine=redis-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTopologyIsAClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisTopologySelector.Select("sharded", s_redisServer, isPublishMode: false));

        Assert.Contains("Use standalone or cluster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAppHostOnGarnetRefusesClusterAtStartAndSaysWhy()
    {
        using var timeout = new CancellationTokenSource(AppHostFixture.StartTimeout);
        var dataDirectory = Directory.CreateTempSubdirectory("sessionsample-topology-tests-").FullName;
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var app = await AppHostFixture.StartAsync("garnet", dataDirectory, configure: null, timeout.Token, AppHostFixture.ClusterTopology);
            });

            var message = error.ToString();
            Assert.Contains("Redis:Sessions:Topology=cluster runs the sessions cluster on redis-server only", message, StringComparison.Ordinal);
            Assert.Contains("garnet (forced by RedisEngine=garnet)", message, StringComparison.Ordinal);
            Assert.Contains("CLUSTER REPLICATE", message, StringComparison.Ordinal);
            Assert.Contains("RedisEngine=redis-server", message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
