using RedisSessions.Hosting;

namespace SessionSample.AppHost.Tests;

public sealed class RedisEngineSelectorTests : IDisposable
{
    private readonly string _withRedisServer = Directory.CreateTempSubdirectory("sessionsample-path-").FullName;
    private readonly string _withoutRedisServer = Directory.CreateTempSubdirectory("sessionsample-path-").FullName;

    public RedisEngineSelectorTests()
    {
        var redisServer = Path.Combine(_withRedisServer, "redis-server");
        File.WriteAllText(redisServer, "#!/bin/sh\n");
        File.SetUnixFileMode(redisServer, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // Present but not executable: a shell would not run it either.
        File.WriteAllText(Path.Combine(_withoutRedisServer, "redis-server"), "not a program");
    }

    [Fact]
    public void Auto_prefers_a_container_runtime_that_answers()
    {
        var choice = RedisEngineSelector.Select(null, isPublishMode: false, _withRedisServer, () => "docker");

        Assert.Equal(RedisEngine.Container, choice.Engine);
        Assert.Contains("docker", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_picks_redis_server_on_path_when_no_container_runtime_answers()
    {
        var choice = RedisEngineSelector.Select("auto", isPublishMode: false, _withRedisServer, () => null);

        Assert.Equal(RedisEngine.RedisServer, choice.Engine);
        Assert.Equal(Path.Combine(_withRedisServer, "redis-server"), choice.RedisServerPath);
    }

    [Fact]
    public void Auto_falls_back_to_Garnet_without_redis_server_on_path()
    {
        var choice = RedisEngineSelector.Select(null, isPublishMode: false, _withoutRedisServer, () => null);

        Assert.Equal(RedisEngine.Garnet, choice.Engine);
        Assert.Contains("no redis-server on PATH", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garnet", RedisEngineNames.Garnet)]
    [InlineData("GARNET", RedisEngineNames.Garnet)]
    [InlineData("redis-server", RedisEngineNames.RedisServer)]
    [InlineData("container", RedisEngineNames.Container)]
    public void Configuration_forces_the_engine(string configured, string expected)
    {
        var choice = RedisEngineSelector.Select(configured, isPublishMode: false, _withRedisServer,
            () => throw new InvalidOperationException("a forced engine must not probe the container runtime"));

        Assert.Equal(RedisEngineNames.Parse(expected), choice.Engine);
        Assert.StartsWith("forced by RedisEngine=", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garnet")]
    [InlineData("redis-server")]
    public void Publish_mode_always_describes_containers(string? configured)
    {
        var choice = RedisEngineSelector.Select(configured, isPublishMode: true, _withoutRedisServer,
            () => throw new InvalidOperationException("publishing must not probe the container runtime"));

        Assert.Equal(RedisEngine.Container, choice.Engine);
    }

    [Fact]
    public void Forcing_redis_server_that_is_not_installed_says_what_to_do()
    {
        var error = Assert.Throws<DistributedApplicationException>(
            () => RedisEngineSelector.Select("redis-server", isPublishMode: false, _withoutRedisServer, () => null));

        Assert.Contains("apt-get install redis-server", error.Message, StringComparison.Ordinal);
        Assert.Contains("RedisEngine=garnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_engine_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => RedisEngineSelector.Select("memcached", isPublishMode: false, _withRedisServer, () => null));

        Assert.Contains("auto, container, redis-server or garnet", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Directory.Delete(_withRedisServer, recursive: true);
        Directory.Delete(_withoutRedisServer, recursive: true);
    }
}
