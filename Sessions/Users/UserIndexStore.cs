using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>
/// The scripts of the per-user index and of what sign-in writes: a user's index is one hash on its own slot, so no
/// script can see the sessions it lists; the caller peeks at them (one single-slot script each, sent together) and
/// tells the index what it found.
/// </summary>
internal sealed class UserIndexStore(SessionStore store)
{
    private const int PeekBatch = 256;

    /// <summary>A new session bound at sign-in ('bind'), or that binding taken back ('unbind').</summary>
    public static readonly StoreScript Bind = StoreScript.Embedded("bind");

    /// <summary>A user's index: 'read', 'remove', 'move', 'touch'.</summary>
    public static readonly StoreScript Index = StoreScript.Embedded("index");

    /// <summary>A session listed in its user's index, within the cap.</summary>
    public static readonly StoreScript IndexAdd = StoreScript.Embedded("index_add");

    private long TtlMs => store.Expiry.IndexTtlMs;

    /// <summary>A look at a session for a list, without sliding its expiry.</summary>
    public async Task<PeekResult> PeekAsync(SessionHandle session)
    {
        var reply = await store.RunAsync(SessionOperation.Peek, null, StoreScripts.Peek, store.Schema.SessionKey(session), []);
        return reply.Result == ScriptResult.Ok ? Live(session, reply, store.NowMs) : new PeekResult(session, reply.Result);
    }

    /// <summary>Creates a new session bound to a user (a sign-in with no stored session to move).</summary>
    public async Task<WriteResult> BindNewAsync(SessionHandle session, SessionBinding binding)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, SessionOperation.SignIn);
        var now = store.NowMs;
        var reply = await store.RunAsync(
            SessionOperation.SignIn, activity, Bind, store.Schema.SessionKey(session),
            ["bind", now, store.Expiry.IdleMs, store.Expiry.AbsoluteMs, .. binding.Stored(store.Values)]);
        SessionTelemetry.Wrote(activity, SessionOperation.SignIn, reply.Result, 0, 0, 0);
        return reply.Result == ScriptResult.Ok
            ? new WriteResult(ScriptResult.Ok, SessionExpiry.After(now, reply.Long(0)), 0)
            : new WriteResult(reply.Result, null, 0);
    }

    /// <summary>Takes back a binding the index refused, if it is still <paramref name="signInId"/>'s.</summary>
    public Task UnbindAsync(SessionHandle session, string signInId) =>
        store.RunAsync(SessionOperation.SignIn, null, Bind, store.Schema.SessionKey(session), ["unbind", signInId]);

    /// <summary>The handles a user's index lists (its fields; the values are when each signed in).</summary>
    public async Task<IEnumerable<string>> ListedAsync(string userHandle)
    {
        var fields = (await IndexAsync(SessionOperation.Index, userHandle, ["read"])).Array(0);
        return fields.Where((_, i) => i % 2 == 0).Select(handle => (string)handle!);
    }

    /// <summary>Lists a session that signed in, within the cap; see index_add.lua.</summary>
    public async Task<IndexAddResult> AddAsync(
        string userHandle, SessionHandle session, DateTimeOffset signedInAt, SessionHandle? replaces,
        IReadOnlyList<string> dead, IReadOnlyList<string> candidates)
    {
        var options = store.Options;
        var reply = await store.RunAsync(
            SessionOperation.Index, null, IndexAdd, store.Schema.UserKey(userHandle),
            [options.MaxSessionsPerUser, options.OnMaxSessions == MaxSessionsPolicy.RefuseNew ? 1 : 0, session.Id, signedInAt.ToUnixTimeMilliseconds(), replaces?.Id ?? string.Empty, TtlMs,
                dead.Count, .. dead.Concat(candidates).Select(handle => (RedisValue)handle)]);
        return reply.Result == ScriptResult.Ok
            ? new IndexAddResult(false, Handles(reply[0]), Handles(reply[1]))
            : new IndexAddResult(true, [], []);
    }

    /// <summary>Removes handles from a user's index; returns those that were listed.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(string userHandle, IReadOnlyCollection<string> handles)
    {
        if (handles.Count == 0)
        {
            return [];
        }

        var reply = await IndexAsync(SessionOperation.Index, userHandle, ["remove", .. handles.Select(handle => (RedisValue)handle)]);
        return Handles(reply[0]);
    }

    /// <summary>
    /// The last step of a signed-in session's move: its entry moves to the new id. When the old entry is gone, an ender
    /// (sign-out, revoke, sign-out-everywhere, the cap) took it while the session moved, and raised the event: the new
    /// id is ended here, so no sign-in escapes an ender by moving. False then.
    /// </summary>
    public async Task<bool> MoveAsync(string userHandle, SessionHandle from, SessionHandle to)
    {
        var reply = await IndexAsync(SessionOperation.Index, userHandle, ["move", from.Id, to.Id, TtlMs]);
        if (reply.Result == ScriptResult.Ok)
        {
            return true;
        }

        await store.EndAsync(to, force: true);
        return false;
    }

    /// <summary>Keeps an active user's index alive (see <see cref="SessionActivity"/>).</summary>
    public Task TouchAsync(string userHandle) => IndexAsync(SessionOperation.IndexTouch, userHandle, ["touch", TtlMs]);

    /// <summary>
    /// Every session key on every primary, peeked at in batches (each sent together), for an operator's statistics.
    /// Each SCAN page goes the store's one way to Redis, so a primary that does not answer fails the statistics
    /// (503) instead of leaving its sessions out of the count.
    /// </summary>
    public async IAsyncEnumerable<PeekResult> PeekAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sessions = store.Calls.Redis.GetServers().Where(server => !server.IsReplica).ToAsyncEnumerable()
            .SelectMany(server => HandlesAsync(server, cancellationToken));
        await foreach (var batch in sessions.Chunk(PeekBatch).WithCancellation(cancellationToken))
        {
            foreach (var peek in await Task.WhenAll(batch.Select(PeekAsync)))
            {
                yield return peek;
            }
        }
    }

    private async IAsyncEnumerable<SessionHandle> HandlesAsync(IServer server, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = store.Schema.KeyPrefix.Length + 1;
        var cursor = "0";
        do
        {
            var page = (RedisResult[])(await store.Calls.RunAsync(
                SessionOperation.Peek, null, static scan => scan.Server.ExecuteAsync("SCAN", scan.Cursor, "MATCH", scan.Pattern, "COUNT", 1000),
                (Server: server, Cursor: cursor, Pattern: store.Schema.SessionKeyPattern), cancellationToken))!;
            cursor = (string)page[0]!;
            foreach (var key in (string[])page[1]!)
            {
                if (SessionIds.FromHandle(key[prefix..^1]) is { } handle)
                {
                    yield return handle;
                }
            }
        }
        while (cursor != "0");
    }

    private Task<StoreReply> IndexAsync(SessionOperation operation, string userHandle, RedisValue[] args) =>
        store.RunAsync(operation, null, Index, store.Schema.UserKey(userHandle), args);

    // peek.lua's {OK, ttl left, user, created, device, signed-in ms, bytes}.
    private PeekResult Live(SessionHandle session, StoreReply reply, long now)
    {
        var ttlLeft = reply.Long(0);
        var created = SessionBinding.ReadTime((RedisValue)reply[2]);
        return new PeekResult(
            session,
            ScriptResult.Ok,
            SessionBinding.ReadUser(store.Values, (RedisValue)reply[1]),
            created,
            store.Expiry.LastAccess(now, ttlLeft, created),
            SessionExpiry.After(now, Math.Max(0, ttlLeft)),
            SessionBinding.ReadTime((RedisValue)reply[4]) ?? default,
            SessionBinding.ReadDevice(store.Values, (RedisValue)reply[3]),
            ((RedisValue)reply[5]).TryParse(out long bytes) ? bytes : 0);
    }

    private static string[] Handles(RedisResult result) => [.. ((RedisResult[])result!).Select(handle => (string)handle!)];
}

/// <summary>A look at a session: on <see cref="ScriptResult.Ok"/> (live) what a list shows; else Missing (expired), Gone (ended) or Moved.</summary>
internal readonly record struct PeekResult(
    SessionHandle Session,
    ScriptResult State,
    BoundUser? User = null,
    DateTimeOffset? CreatedAt = null,
    DateTimeOffset? LastSeenAt = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset SignedInAt = default,
    string Device = "",
    long Bytes = 0);

internal readonly record struct IndexAddResult(bool Full, IReadOnlyList<string> Dropped, IReadOnlyList<string> Evicted);

/// <param name="Live">Live sessions of the user, least recently used first (the expiry is the last use plus the idle timeout).</param>
/// <param name="Dead">Entries to drop without an event: ended, re-bound, or not a handle.</param>
/// <param name="Expired">Entries whose session is gone without a tombstone: it expired.</param>
/// <param name="Moved">Entries whose session moved to a new id (a tombstone says so) and whose mover has not moved the entry yet.</param>
internal sealed record IndexScan(IReadOnlyList<PeekResult> Live, IReadOnlyList<string> Dead, IReadOnlyList<string> Expired, IReadOnlyList<SessionHandle> Moved);
