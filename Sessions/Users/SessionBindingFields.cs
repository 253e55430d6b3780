using System.Text;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>
/// How the binding fields that name a person (<see cref="SessionSchema.UserField"/>,
/// <see cref="SessionSchema.DeviceField"/>) are stored. Plain unless value encryption (<c>AddValueEncryption()</c>)
/// is on; then the device is sealed like any value, and the user is <see cref="UserMarker"/>, the user's handle
/// (<see cref="SessionSchema.UserHandleOf"/>, already the name of the user's index key, so it tells Redis nothing
/// new), a line feed, and the sealed name. The handle lets a store without the key ring (the AppHost's dashboard)
/// still tell whose session it is, and the binding check opens the name in C# after the load: no script compares
/// these fields, they only store and return them. Either form reads whatever this app's setting.
/// </summary>
internal static class SessionBindingFields
{
    /// <summary>0xFF never starts UTF-8 text, so no plain user name is taken for a sealed one.</summary>
    private static ReadOnlySpan<byte> UserMarker => [0xFF, (byte)'u'];

    public static RedisValue User(SessionValueCodec codec, string userName)
    {
        if (!codec.Encrypts)
        {
            return userName;
        }

        byte[] handle = Encoding.ASCII.GetBytes(SessionSchema.UserHandleOf(userName) + "\n");
        return (byte[])[.. UserMarker, .. handle, .. codec.Seal(Encoding.UTF8.GetBytes(userName))];
    }

    /// <summary>
    /// The user a stored field names: its handle always, its name when it is plain or this key ring opens it;
    /// null for an absent or malformed field.
    /// </summary>
    public static BoundUser? ReadUser(SessionValueCodec codec, RedisValue stored)
    {
        if (stored.IsNullOrEmpty)
        {
            return null;
        }

        var bytes = (byte[])stored!;
        if (!bytes.AsSpan().StartsWith(UserMarker))
        {
            var name = (string)stored!;
            return new BoundUser(SessionSchema.UserHandleOf(name), name);
        }

        var rest = bytes.AsSpan(UserMarker.Length);
        var end = rest.IndexOf((byte)'\n');
        if (end <= 0)
        {
            return null;
        }

        var opened = codec.TryOpen(rest[(end + 1)..].ToArray(), out var value) ? Encoding.UTF8.GetString(value) : null;
        return new BoundUser(Encoding.ASCII.GetString(rest[..end]), opened);
    }

    public static RedisValue Device(SessionValueCodec codec, string device) =>
        codec.Encrypts ? codec.Seal(Encoding.UTF8.GetBytes(device)) : device;

    /// <summary>The device summary; "" when absent or sealed under a key this ring cannot open.</summary>
    public static string ReadDevice(SessionValueCodec codec, RedisValue stored) =>
        !stored.IsNullOrEmpty && codec.TryOpen((byte[])stored!, out var value) ? Encoding.UTF8.GetString(value) : string.Empty;
}

/// <param name="Handle">The user's handle (<see cref="SessionSchema.UserHandleOf"/>), readable without the key ring.</param>
/// <param name="Name">The user name; null when sealed under a key this store cannot open.</param>
internal readonly record struct BoundUser(string Handle, string? Name)
{
    /// <summary>The name, or a short form of the handle where the name cannot be opened (an operator's figures).</summary>
    public string DisplayName => Name ?? "user#" + Handle[..Math.Min(12, Handle.Length)];
}
