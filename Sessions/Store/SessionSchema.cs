using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Everything the store keeps in Redis, named once. The Lua scripts never spell a field name or a
/// result code: <see cref="StoreScript"/> prepends these as Lua constants, so C# and Lua cannot disagree.
/// <para>
/// A session is one hash at <c>{KeyPrefix}{&lt;handle&gt;}</c>, where the handle is SHA-256 of the id
/// (<see cref="SessionHandle"/>): Redis never holds a raw id. The braces make the handle a Redis Cluster hash
/// tag, so the session and its lock share a slot, and every script touches one slot only. User keys are fields as
/// they are; metadata fields start with <see cref="ReservedPrefix"/>, which user keys may not. A session that was ended (sign-out) or moved
/// (sign-in) becomes a tombstone: a hash holding only <see cref="GoneField"/>, kept for
/// <see cref="TombstoneLifetime"/> so that a late request can tell "ended by someone" from "expired".
/// </para>
/// </summary>
internal sealed class SessionSchema(string keyPrefix)
{
    /// <summary>Starts every metadata field, and no user key. Not "__": ASP.NET Core itself stores TempData under "__ControllerTempData".</summary>
    public const char ReservedPrefix = '~';

    // Metadata: the creation time (Unix ms; the absolute lifetime counts from it); the bytes of every counted field
    // (user keys and flashes: UTF-8 name plus value), kept by every write script; and, while a regeneration moves the
    // session, <move token>:<deadline ms>, which refuses other requests' writes.
    public const string CreatedField = "~created";
    public const string BytesField = "~bytes";
    public const string MovingField = "~moving";

    /// <summary>Flash messages are fields named <c>~flash:&lt;unix ms&gt;-&lt;sequence&gt;-&lt;random&gt;</c>, so they sort in time order.</summary>
    public const string FlashPrefix = "~flash:";

    /// <summary>
    /// How long a tombstone refuses writes. It only has to outlive requests that were already in flight
    /// when the session ended or moved (a double-clicked sign-in must not fork the session); after it, a
    /// stale cookie simply finds nothing and its next write starts a new session.
    /// </summary>
    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Present only in a tombstone; its value says why the session is gone: it ended, or it moved to a new id.</summary>
    public const string GoneField = "~gone";
    public const string GoneEnded = "ended";
    public const string GoneMoved = "moved";

    // The sign-in binding's fields (the module's SessionBinding writes them; sealed when values are encrypted): the
    // user (canonical name, with its handle in front when sealed), a short summary of the user agent for the list of
    // devices, when the user signed in (Unix ms), and the sign-in's random id, which the sign-in cookie carries as a
    // claim: the cookie is honoured only while its session holds the same id and user (it moves with the session).
    public const string UserField = "~user";
    public const string DeviceField = "~device";
    public const string SignedInField = "~signedin";
    public const string SignInField = "~signin";

    public string KeyPrefix { get; } = keyPrefix;

    public RedisKey SessionKey(SessionHandle session) => string.Concat(KeyPrefix, "{", session.Id, "}");

    public RedisKey LockKey(SessionHandle session) => string.Concat(KeyPrefix, "{", session.Id, "}:lock");

    /// <summary>
    /// The index of a user's sessions: a hash at <c>{KeyPrefix}user:{&lt;user handle&gt;}</c>, field = session handle,
    /// value = signed-in Unix ms. The user handle is its own hash tag (so the index works on a cluster), and is a
    /// hash of the user name (<see cref="UserHandleOf"/>): no key names a user or a session in plain text.
    /// </summary>
    public RedisKey UserKey(string userHandle) => string.Concat(KeyPrefix, "user:{", userHandle, "}");

    /// <summary>Base64url of SHA-256("user\n" + the upper-cased name): one handle whatever the case the name is typed in.</summary>
    public static string UserHandleOf(string userName)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("user\n" + UserNames.ForIndex(userName));
        return System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    /// <summary>The pattern of every session key (not locks, not user indexes), for an operator's scan.</summary>
    public RedisValue SessionKeyPattern => string.Concat(KeyPrefix, "{*}");

    public static bool IsReserved(string field) => field.Length > 0 && field[0] == ReservedPrefix;

    public static bool IsFlash(string field) => field.StartsWith(FlashPrefix, StringComparison.Ordinal);

    /// <summary>The Lua constants every script starts with.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> LuaConstants()
    {
        yield return new("F_CREATED", CreatedField);
        yield return new("F_BYTES", BytesField);
        yield return new("F_GONE", GoneField);
        yield return new("F_MOVING", MovingField);
        yield return new("F_USER", UserField);
        yield return new("F_DEVICE", DeviceField);
        yield return new("F_SIGNED_IN", SignedInField);
        yield return new("F_SIGN_IN", SignInField);
        yield return new("FLASH_PREFIX", FlashPrefix);
        yield return new("RESERVED", ReservedPrefix.ToString());
        yield return new("SEALED_MARKER", LuaEscaped(SessionValueCodec.Marker));
        yield return new("GONE_ENDED", GoneEnded);
        yield return new("GONE_MOVED", GoneMoved);
        yield return new("TOMBSTONE_MS", ((long)TombstoneLifetime.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // Lua's decimal escapes (three digits, so a digit after one is not taken in) for the bytes a C# string would send as multi-byte UTF-8 (the marker starts with 0xFF).
    private static string LuaEscaped(ReadOnlySpan<byte> bytes)
    {
        var text = new System.Text.StringBuilder(bytes.Length * 4);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7F and not (byte)'\\' and not (byte)'\'' ? ((char)b).ToString() : "\\" + b.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
