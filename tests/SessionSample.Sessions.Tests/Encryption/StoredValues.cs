using System.Text;
using SessionSample.Sessions.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>What Redis holds for a session, read straight from the server, and what a sealed value's payload says.</summary>
internal static class StoredValues
{
    /// <summary>Every field of the hash at <paramref name="key"/> with its value as stored, in bytes.</summary>
    public static async Task<Dictionary<string, byte[]>> RawHashAsync(string connection, string key)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connection);
        var entries = await redis.GetDatabase().HashGetAllAsync(key);
        return entries.ToDictionary(entry => (string)entry.Name!, entry => (byte[])entry.Value!, StringComparer.Ordinal);
    }

    /// <summary>The user keys and flashes: every field but the store's metadata.</summary>
    public static IEnumerable<KeyValuePair<string, byte[]>> Values(Dictionary<string, byte[]> hash) =>
        hash.Where(entry => StoreInspector.IsStoredValue(entry.Key));

    /// <summary>
    /// The Data Protection key a sealed value was made with: after the marker, a payload is a 4-byte magic header
    /// then the key id (a GUID).
    /// </summary>
    public static Guid KeyIdOf(byte[] stored) => new(stored.AsSpan(SessionValueCodec.Marker.Length + 4, 16));

    /// <summary>Bytes as Latin-1, one char a byte, so a search for ASCII text finds it wherever it is.</summary>
    public static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
