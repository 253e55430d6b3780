using System.Diagnostics;
using System.Globalization;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Plain commands on one redis-server process (no store schema: that is <see cref="StoreInspector"/>), and what tests do to the process.</summary>
internal static class RedisServerCommands
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
