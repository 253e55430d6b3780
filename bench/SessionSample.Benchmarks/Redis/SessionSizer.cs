using StackExchange.Redis;

namespace SessionSample.Benchmarks.Redis;

/// <summary>What one session occupies in Redis: every key it created, sized with <c>MEMORY USAGE ... SAMPLES 0</c>.</summary>
/// <param name="Fields">Field names of the hash keys (names only: values may be secrets), which show where the bytes go.</param>
public sealed record SessionSize(long Bytes, IReadOnlyList<string> Keys, IReadOnlyList<string> Fields, IReadOnlyList<string> Encodings);

public static class SessionSizer
{
    /// <summary>
    /// Runs <paramref name="createSession"/> and sizes the keys that appeared meanwhile. Finding keys by
    /// difference, not by a guessed name, counts whatever an implementation stores (metadata, indexes).
    /// </summary>
    public static async Task<(T Result, SessionSize Size)> MeasureAsync<T>(ConnectionMultiplexer admin, Func<Task<T>> createSession)
    {
        var server = admin.GetServers().Single();
        var before = await KeysAsync(server);
        var result = await createSession();

        // Built-in and store both commit after the endpoint ran: wait until the new keys are there and stay put.
        var created = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var now = (await KeysAsync(server)).Except(before).ToHashSet(StringComparer.Ordinal);
            if (now.Count > 0 && now.SetEquals(created))
            {
                break;
            }

            created = now;
        }

        var db = admin.GetDatabase();
        var bytes = 0L;
        var fields = new List<string>();
        var encodings = new List<string>();
        foreach (var key in created)
        {
            var usage = await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", 0);
            bytes += usage.IsNull ? 0 : (long)usage;
            encodings.Add((string?)await db.ExecuteAsync("OBJECT", "ENCODING", key) ?? "unknown");
            if (await db.KeyTypeAsync(key) == RedisType.Hash)
            {
                fields.AddRange((await db.HashKeysAsync(key)).Select(f => f.ToString()));
            }
        }

        return (result, new SessionSize(bytes, [.. created.Order(StringComparer.Ordinal)], fields, encodings));
    }

    private static async Task<HashSet<string>> KeysAsync(IServer server)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
