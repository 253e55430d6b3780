using System.Text;

namespace SessionSample.Sessions.UnitTests.Changes;

/// <summary>Builds what a load would have produced: user values, and their counted bytes plus any stored flashes.</summary>
internal static class Snapshots
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A snapshot of <paramref name="values"/> whose stored flashes count <paramref name="flashBytes"/> more bytes.</summary>
    public static SessionSnapshot Of(long flashBytes, params (string Key, string Value)[] values)
    {
        var stored = new Dictionary<string, StoredValue>(StringComparer.Ordinal);
        long bytes = flashBytes;
        foreach (var (key, value) in values)
        {
            stored[key] = StoredValue.Of(Utf8(value));
            bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        return new SessionSnapshot(stored, bytes, flashBytes > 0, DateTimeOffset.UnixEpoch);
    }

    public static SessionSnapshot Of(params (string Key, string Value)[] values) => Of(0, values);

    /// <summary>A flash field named as <c>AddFlashAsync</c> names them: time, then a sequence, so names sort in the order added.</summary>
    public static string Flash(int sequence) => $"{SessionSchema.FlashPrefix}{1_700_000_000_000 + sequence:D13}-{sequence:D10}-0000abcd";
}
