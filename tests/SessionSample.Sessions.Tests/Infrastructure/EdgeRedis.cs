using System.Diagnostics;
using System.Globalization;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>What tests read from, or do to, a real redis-server.</summary>
internal static class EdgeRedis
{
    // Binary-safe: every field name and value of the hash, metadata and flashes included, counted in Redis.
    private const string HashBytesScript = """
        local total = 0
        for _, part in ipairs(redis.call('HGETALL', KEYS[1])) do total = total + #part end
        return total
        """;

    public static async Task<long> HashBytesAsync(this RedisServerProcess server, string key) =>
        Integer(await server.CommandAsync("EVAL", HashBytesScript, "1", key));

    public static async Task<long> PttlAsync(this RedisServerProcess server, string key) =>
        Integer(await server.CommandAsync("PTTL", key));

    public static async Task<bool> ExistsAsync(this RedisServerProcess server, string key) =>
        Integer(await server.CommandAsync("EXISTS", key)) == 1;

    /// <summary>A live session at <paramref name="key"/>: it exists and is not the tombstone a sign-out or sign-in leaves.</summary>
    public static async Task<bool> IsLiveSessionAsync(this RedisServerProcess server, string key) =>
        await server.ExistsAsync(key) && Integer(await server.CommandAsync("HEXISTS", key, "~gone")) == 0;

    /// <summary>Every session key (locks excluded) under <paramref name="keyPrefix"/>.</summary>
    public static async Task<HashSet<string>> SessionKeysAsync(this RedisServerProcess server, string keyPrefix)
    {
        var keys = await server.CommandAsync("KEYS", keyPrefix + "*");
        return keys.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(key => !key.EndsWith(":lock", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Waits until Redis itself no longer has <paramref name="key"/> (EXISTS also expires it lazily).</summary>
    public static async Task WaitUntilGoneAsync(this RedisServerProcess server, string key)
    {
        var waited = Stopwatch.StartNew();
        while (await server.ExistsAsync(key))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{key} still exists after {waited.Elapsed}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP to its process and every descendant): connections stay open and
    /// accept bytes, nothing is answered, until <see cref="Resume"/>.
    /// </summary>
    public static void Pause(this RedisServerProcess server) => ProcessSignals.Stop(server);

    public static void Resume(this RedisServerProcess server) => ProcessSignals.Continue(server);

    private static long Integer(string reply)
    {
        Assert.StartsWith(":", reply, StringComparison.Ordinal);
        return long.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
    }
}
