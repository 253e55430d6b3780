using Microsoft.Extensions.Configuration;
using RedisSessions.Hosting;

namespace SessionSample.AppHost.Tests;

public sealed class RedisSettingsTests
{
    [Theory]
    [InlineData("256mb", "256m")]
    [InlineData("1GB", "1g")]
    [InlineData("512m", "512m")]
    [InlineData("64kb", "64k")]
    [InlineData("1048576", "1048576")]
    public void Redis_sizes_become_Garnet_sizes(string redis, string garnet) =>
        Assert.Equal(garnet, GarnetExecutable.ToGarnetSize(redis));

    [Theory]
    [InlineData("lots")]
    [InlineData("mb")]
    [InlineData("12mgb")]
    public void A_nonsense_size_is_a_clear_error(string redis)
    {
        var error = Assert.Throws<InvalidOperationException>(() => GarnetExecutable.ToGarnetSize(redis));
        Assert.Contains(redis, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_memory_bound_is_configurable()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(RedisRole.CacheMaxMemoryKey, "1gb")])
            .Build();

        Assert.Equal("1gb", RedisRole.Cache("cache", configuration).MaxMemory);
        Assert.Null(RedisRole.Sessions("sessions", configuration).MaxMemory);
        Assert.Contains("maxmemory 1gb", RedisServerExecutable.Render(RedisRole.Cache("cache", configuration), "pw", "/tmp"), StringComparison.Ordinal);
    }

    [Fact]
    public void Garnet_cache_keeps_nothing_on_disk_and_sessions_do()
    {
        var configuration = new ConfigurationBuilder().Build();

        var cache = System.Text.Json.Nodes.JsonNode.Parse(GarnetExecutable.Render(RedisRole.Cache("cache", configuration), "pw", "/data"))!;
        var sessions = System.Text.Json.Nodes.JsonNode.Parse(GarnetExecutable.Render(RedisRole.Sessions("sessions", configuration), "pw", "/data"))!;

        Assert.False((bool)cache["EnableAOF"]!);
        Assert.False((bool)cache["EnableStorageTier"]!);
        Assert.Equal("256m", (string?)cache["LogMemorySize"]);
        Assert.True((bool)sessions["EnableAOF"]!);
        Assert.True((bool)sessions["Recover"]!);
        Assert.Equal("/data", (string?)sessions["CheckpointDir"]);
        Assert.True((bool)sessions["EnableLua"]!);
    }
}

/// <summary>An existing Redis's connection string (Redis:Sessions/Cache:ConnectionString) is checked before a local run uses it.</summary>
public sealed class ExternalRedisSettingTests
{
    [Theory]
    [InlineData("127.0.0.1:6379")]
    [InlineData("127.0.0.1:6379,password=s3cret")]
    [InlineData("name.region.redis.azure.net:10000,password=s3cret,ssl=True,abortConnect=False")]
    public void A_well_formed_connection_string_is_used_as_given(string connectionString) =>
        Assert.Equal(connectionString, ExternalRedis.Runnable(ExternalRedis.SessionsKey, connectionString));

    [Theory]
    [InlineData("127.0.0.1:6379,password=s3cret,ssl=perhaps")]
    [InlineData("127.0.0.1:6379,password=s3cret,frobnicate=1")]
    [InlineData("password=s3cret")]
    public void A_malformed_connection_string_is_a_clear_error_naming_the_setting_and_not_the_password(string connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExternalRedis.Runnable(ExternalRedis.CacheKey, connectionString));

        Assert.Contains(ExternalRedis.CacheKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.InnerException?.Message ?? string.Empty, StringComparison.Ordinal);
    }
}
