using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>What Redis holds for a session, in the store's own terms (<see cref="StoreInspector.StateAsync"/>).</summary>
public enum StoredState
{
    /// <summary>No key: expired, never written, or its tombstone has expired too.</summary>
    Missing,

    Live,

    /// <summary>Live, in the middle of a regeneration that moves it (other requests' writes are refused).</summary>
    Moving,

    /// <summary>A tombstone: ended (signed out, invalidated, revoked).</summary>
    Ended,

    /// <summary>A tombstone: moved to a new id (regenerated, signed in).</summary>
    Moved,
}

/// <summary>
/// Looks at what the store keeps in Redis through the store's own schema (<see cref="SessionSchema"/>: the key
/// layout and the field names), so that no test spells a key or a metadata field: a session's size and state
/// (live, moving, a tombstone and why), the session keys, and a user's index (the keys themselves, of a session,
/// its lock or a user's index, come from <see cref="TestAppExtensions"/>, by the same schema). Works on every engine and on the
/// cluster (the connection routes by slot). One per app or store host: its key prefix, and its key ring reads its cookies.
/// </summary>
public sealed class StoreInspector(IConnectionMultiplexer redis, IServiceProvider services, string keyPrefix)
{
    private readonly SessionSchema _schema = new(keyPrefix);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>A user key or a flash, as opposed to the store's own metadata.</summary>
    public static bool IsStoredValue(string field) => !SessionSchema.IsReserved(field) || SessionSchema.IsFlash(field);

    public RedisKey SessionKey(string cookie) => RawSessionIds.SessionKeyOf(services, keyPrefix, cookie);

    /// <summary>The key of the session whose handle (the hash of its id, as the user index holds it) is <paramref name="handle"/>.</summary>
    public RedisKey SessionKeyOfHandle(string handle) => _schema.SessionKey(new SessionHandle(handle, LogHash: string.Empty));

    public async Task<StoredState> StateAsync(RedisKey key)
    {
        var marks = await Db.HashGetAsync(key, [SessionSchema.GoneField, SessionSchema.MovingField]);
        return (string?)marks[0] switch
        {
            SessionSchema.GoneEnded => StoredState.Ended,
            SessionSchema.GoneMoved => StoredState.Moved,
            not null => throw new InvalidOperationException($"{key} is a tombstone of an unknown kind: {marks[0]}"),
            null when !marks[1].IsNull => StoredState.Moving,
            null => await Db.KeyExistsAsync(key) ? StoredState.Live : StoredState.Missing,
        };
    }

    /// <summary>A session a request can use (live or moving), not a tombstone and not gone.</summary>
    public async Task<bool> IsLiveAsync(RedisKey key) => await StateAsync(key) is StoredState.Live or StoredState.Moving;

    public Task<bool> IsLiveAsync(string cookie) => IsLiveAsync(SessionKey(cookie));

    /// <summary>Every field name and value of the session behind <paramref name="cookie"/>, metadata and flashes included, in bytes.</summary>
    public async Task<long> StoredBytesAsync(string cookie)
    {
        var entries = await Db.HashGetAllAsync(SessionKey(cookie));
        return entries.Sum(entry => (long)((byte[])entry.Name!).Length + ((byte[])entry.Value!).Length);
    }

    /// <summary>The session handles in <paramref name="userName"/>'s index (read directly: no pruning).</summary>
    public async Task<HashSet<string>> IndexedAsync(string userName) =>
        [.. (await Db.HashKeysAsync(_schema.UserKey(SessionSchema.UserHandleOf(userName)))).Select(field => (string)field!)];

    /// <summary>The user's index as stored: session handle → signed-in Unix ms.</summary>
    public Task<HashEntry[]> UserIndexAsync(string userName) => Db.HashGetAllAsync(_schema.UserKey(SessionSchema.UserHandleOf(userName)));

    /// <summary>Every session key of the app (tombstones included; not locks, not user indexes), on every primary.</summary>
    public async Task<HashSet<string>> SessionKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsReplica)
            {
                await foreach (var key in server.KeysAsync(pattern: _schema.SessionKeyPattern))
                {
                    keys.Add(key!);
                }
            }
        }

        return keys;
    }
}
