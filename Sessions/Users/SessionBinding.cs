using System.Globalization;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>
/// What binds a session to a signed-in user: the metadata fields <see cref="SessionSchema.UserField"/>,
/// <see cref="SessionSchema.DeviceField"/>, <see cref="SessionSchema.SignedInField"/> and
/// <see cref="SessionSchema.SignInField"/>, written together at sign-in and moved with the session. The user and
/// the device are stored as <see cref="SessionBindingFields"/> says (sealed when values are encrypted).
/// </summary>
internal sealed record SessionBinding(string UserName, string Device, DateTimeOffset SignedInAt, string SignInId) : ISessionOwner
{
    public string UserHandle { get; } = SessionSchema.UserHandleOf(UserName);

    /// <summary>The binding among a session's fields (name/value pairs as a script returns them); null when anonymous.</summary>
    public static SessionBinding? From(RedisResult[] fields, SessionValueCodec codec)
    {
        BoundUser? user = null;
        string? device = null, signedIn = null, signIn = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var name = (string)fields[i]!;
            if (!SessionSchema.IsReserved(name))
            {
                continue;
            }

            switch (name)
            {
                case SessionSchema.UserField: user = SessionBindingFields.ReadUser(codec, (RedisValue)fields[i + 1]); break;
                case SessionSchema.DeviceField: device = SessionBindingFields.ReadDevice(codec, (RedisValue)fields[i + 1]); break;
                case SessionSchema.SignedInField: signedIn = (string?)fields[i + 1]; break;
                case SessionSchema.SignInField: signIn = (string?)fields[i + 1]; break;
            }
        }

        // A name this key ring cannot open binds nobody: the sign-in is refused, never taken for someone else.
        return user?.Name is not { } userName || signIn is null ? null : new SessionBinding(
            userName,
            device ?? string.Empty,
            DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse(signedIn, CultureInfo.InvariantCulture, out var ms) ? ms : 0),
            signIn);
    }

    /// <summary>The fields as name/value pairs, for a move's copy to write after the copied ones.</summary>
    public IEnumerable<RedisValue> ToFieldPairs(SessionValueCodec codec)
    {
        yield return SessionSchema.UserField;
        yield return SessionBindingFields.User(codec, UserName);
        yield return SessionSchema.DeviceField;
        yield return SessionBindingFields.Device(codec, Device);
        yield return SessionSchema.SignedInField;
        yield return SignedInAt.ToUnixTimeMilliseconds();
        yield return SessionSchema.SignInField;
        yield return SignInId;
    }
}
