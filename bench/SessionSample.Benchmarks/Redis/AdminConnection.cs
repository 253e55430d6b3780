using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Redis;

public static class AdminConnection
{
    /// <summary>A connection for the bench's own housekeeping (INFO, MEMORY USAGE, KEYS), under a name of its own.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAdminAsync(this RedisServerProcess server) =>
        await ConnectionMultiplexer.ConnectAsync($"{server.ConnectionString},allowAdmin=true,name=bench-harness,abortConnect=true");
}
