using System.Text;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>
/// What binds a session to a signed-in user: the metadata fields <see cref="SessionSchema.UserField"/>,
/// <see cref="SessionSchema.DeviceField"/>, <see cref="SessionSchema.SignedInField"/> and
/// <see cref="SessionSchema.SignInField"/>, written together at sign-in and moved with the session.
/// <para>
/// The user and the device are plain unless value encryption (<c>AddValueEncryption()</c>) is on; then the device is
/// sealed like any value, and the user is <see cref="UserMarker"/>, the user's handle (<see cref="SessionSchema.UserHandleOf"/>,
/// already the name of the user's index key, so it tells Redis nothing new), a line feed, and the sealed name. The
/// handle lets a store without the key ring (the AppHost's dashboard) still tell whose session it is, and the binding
/// check opens the name in C# after the load: no script compares these fields, they only store and return them.
/// Either form reads whatever this app's setting.
/// </para>
/// </summary>
internal sealed record SessionBinding(string UserName, string Device, DateTimeOffset SignedInAt, string SignInId) : ISessionOwner
{
    private static readonly string[] Fields = [SessionSchema.UserField, SessionSchema.DeviceField, SessionSchema.SignedInField, SessionSchema.SignInField];

    /// <summary>0xFF never starts UTF-8 text, so no plain user name is taken for a sealed one.</summary>
    private static ReadOnlySpan<byte> UserMarker => [0xFF, (byte)'u'];

    public string UserHandle { get; } = SessionSchema.UserHandleOf(UserName);

    /// <summary>The binding among a session's fields (name/value pairs as a script returns them); null when anonymous.</summary>
    public static SessionBinding? From(RedisResult[] fields, SessionValueCodec codec)
    {
        var stored = new Dictionary<string, RedisValue>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var name = (string)fields[i]!;
            if (SessionSchema.IsReserved(name))
            {
                stored[name] = (RedisValue)fields[i + 1];
            }
        }

        // A name this key ring cannot open binds nobody: the sign-in is refused, never taken for someone else.
        var signIn = stored.GetValueOrDefault(SessionSchema.SignInField);
        return ReadUser(codec, stored.GetValueOrDefault(SessionSchema.UserField))?.Name is not { } userName || signIn.IsNull ? null : new SessionBinding(
            userName,
            ReadDevice(codec, stored.GetValueOrDefault(SessionSchema.DeviceField)),
            ReadTime(stored.GetValueOrDefault(SessionSchema.SignedInField)) ?? DateTimeOffset.UnixEpoch,
            signIn!);
    }

    /// <summary>The stored values, in the fields' order (which is also bind.lua's).</summary>
    public RedisValue[] Stored(SessionValueCodec codec) =>
        [WriteUser(codec, UserName), codec.Encrypts ? codec.Seal(Encoding.UTF8.GetBytes(Device)) : Device, SignedInAt.ToUnixTimeMilliseconds(), SignInId];

    /// <summary>The fields as name/value pairs, for a move's copy to write after the copied ones.</summary>
    public IEnumerable<RedisValue> ToFieldPairs(SessionValueCodec codec) =>
        Fields.Zip(Stored(codec)).SelectMany(field => new[] { (RedisValue)field.First, field.Second });

    public static RedisValue WriteUser(SessionValueCodec codec, string userName)
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

    /// <summary>The device summary; "" when absent or sealed under a key this ring cannot open.</summary>
    public static string ReadDevice(SessionValueCodec codec, RedisValue stored) =>
        !stored.IsNullOrEmpty && codec.TryOpen((byte[])stored!, out var value) ? Encoding.UTF8.GetString(value) : string.Empty;

    /// <summary>A stored Unix-milliseconds time; null when absent.</summary>
    public static DateTimeOffset? ReadTime(RedisValue stored) =>
        stored.TryParse(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}

/// <param name="Handle">The user's handle (<see cref="SessionSchema.UserHandleOf"/>), readable without the key ring.</param>
/// <param name="Name">The user name; null when sealed under a key this store cannot open.</param>
internal readonly record struct BoundUser(string Handle, string? Name)
{
    /// <summary>The name, or a short form of the handle where the name cannot be opened (an operator's figures).</summary>
    public string DisplayName => Name ?? "user#" + Handle[..Math.Min(12, Handle.Length)];

    // By handle, which is the upper-cased name's: it reads without the key ring when the name is sealed.
    public bool Is(string userName) => string.Equals(Handle, SessionSchema.UserHandleOf(userName), StringComparison.Ordinal);
}
