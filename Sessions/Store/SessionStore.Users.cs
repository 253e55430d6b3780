using System.Globalization;
using StackExchange.Redis;
using SessionSample.Sessions.Users;

namespace SessionSample.Sessions;

/// <summary>
/// The per-user index and what sign-in writes: a user's index is one hash on its own slot, so no script can
/// see the sessions it lists; the caller peeks at them (one single-slot script each, sent together) and tells
/// the index what it found.
/// </summary>
internal sealed partial class SessionStore
{
    /// <summary>A user's index lives this long past its last sign-in or activity: longer than any session it lists can.</summary>
    public long IndexTtlMs => _idleMs + Math.Max(1, _idleMs / 10);

    /// <summary>A look at a session for a list, without sliding its expiry.</summary>
    public async Task<PeekResult> PeekAsync(SessionHandle session)
    {
        var reply = await RunAsync(SessionOperation.Peek, null, SessionScripts.Peek, Schema.SessionKey(session), []);
        var now = NowMs;
        return reply.Result switch
        {
            ScriptResult.Missing => new PeekResult(session, PeekState.Missing, null, null, null, null, default, string.Empty, 0),
            ScriptResult.Gone => new PeekResult(session, reply.Detail == 1 ? PeekState.Moved : PeekState.Ended, null, null, null, null, default, string.Empty, 0),
            _ => Live(session, reply, now),
        };
    }

    /// <summary>Creates a new session bound to a user (a sign-in with no stored session to move).</summary>
    public async Task<WriteResult> BindNewAsync(SessionHandle session, SessionBinding binding)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, SessionOperation.SignIn);
        var args = new ScriptArgs<BindArg>();
        var now = NowMs;
        args[BindArg.Now] = now;
        args[BindArg.IdleMs] = _idleMs;
        args[BindArg.AbsoluteMs] = _absoluteMs;
        args[BindArg.User] = SessionBindingFields.User(Values, binding.UserName);
        args[BindArg.Device] = SessionBindingFields.Device(Values, binding.Device);
        args[BindArg.SignedIn] = binding.SignedInAt.ToUnixTimeMilliseconds();
        args[BindArg.SignIn] = binding.SignInId;
        var reply = await RunAsync(SessionOperation.SignIn, activity, SessionScripts.Bind, Schema.SessionKey(session), args.Values);
        SessionTelemetry.Wrote(activity, SessionOperation.SignIn, reply.Result, 0, 0, 0);
        return reply.Result == ScriptResult.Ok
            ? new WriteResult(ScriptResult.Ok, ExpiryAfter(now, (long)reply.Get(BindReply.Ttl)), 0)
            : new WriteResult(reply.Result, null, 0);
    }

    /// <summary>Takes back a binding the index refused, if it is still <paramref name="signInId"/>'s.</summary>
    public async Task UnbindAsync(SessionHandle session, string signInId)
    {
        var args = new ScriptArgs<UnbindArg>();
        args[UnbindArg.SignIn] = signInId;
        await RunAsync(SessionOperation.SignIn, null, SessionScripts.Unbind, Schema.SessionKey(session), args.Values);
    }

    /// <summary>The handles a user's index lists, with when each signed in.</summary>
    public async Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string userHandle)
    {
        var reply = await RunAsync(SessionOperation.Index, null, SessionScripts.IndexRead, Schema.UserKey(userHandle), []);
        var fields = (RedisResult[])reply.Get(IndexReadReply.Entries)!;
        var entries = new List<IndexEntry>(fields.Length / 2);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            entries.Add(new IndexEntry((string)fields[i]!, (long)fields[i + 1]));
        }

        return entries;
    }

    /// <summary>Lists a session that signed in, within the cap; see index_add.lua.</summary>
    public async Task<IndexAddResult> AddToIndexAsync(
        string userHandle, SessionHandle session, DateTimeOffset signedInAt, SessionHandle? replaces,
        IReadOnlyList<string> dead, IReadOnlyList<string> candidates)
    {
        var args = new ScriptArgs<IndexAddArg>(1 + dead.Count + candidates.Count);
        args[IndexAddArg.Cap] = Options.MaxSessionsPerUser;
        args[IndexAddArg.Refuse] = Options.OnMaxSessions == MaxSessionsPolicy.RefuseNew ? 1 : 0;
        args[IndexAddArg.Handle] = session.Id;
        args[IndexAddArg.SignedIn] = signedInAt.ToUnixTimeMilliseconds();
        args[IndexAddArg.Replaces] = replaces?.Id ?? string.Empty;
        args[IndexAddArg.TtlMs] = IndexTtlMs;
        var tail = 0;
        args.SetTail(tail++, dead.Count);
        foreach (var handle in dead.Concat(candidates))
        {
            args.SetTail(tail++, handle);
        }

        var reply = await RunAsync(SessionOperation.Index, null, SessionScripts.IndexAdd, Schema.UserKey(userHandle), args.Values);
        return reply.Result == ScriptResult.Ok
            ? new IndexAddResult(false, Handles(reply.Get(IndexAddReply.Dropped)), Handles(reply.Get(IndexAddReply.Evicted)))
            : new IndexAddResult(true, [], []);
    }

    /// <summary>Removes handles from a user's index; returns those that were listed.</summary>
    public async Task<IReadOnlyList<string>> RemoveFromIndexAsync(string userHandle, IReadOnlyCollection<string> handles)
    {
        if (handles.Count == 0)
        {
            return [];
        }

        var reply = await RunAsync(SessionOperation.Index, null, SessionScripts.IndexRemove, Schema.UserKey(userHandle), [.. handles.Select(handle => (RedisValue)handle)]);
        return Handles(reply.Get(IndexRemoveReply.Removed));
    }

    /// <summary>
    /// The last step of a signed-in session's move: its entry moves to the new id. When the old entry is gone, an ender
    /// (sign-out, revoke, sign-out-everywhere, the cap) took it while the session moved, and raised the event: the new
    /// id is ended here, so no sign-in escapes an ender by moving. False then.
    /// </summary>
    public async Task<bool> MoveInIndexAsync(string userHandle, SessionHandle from, SessionHandle to)
    {
        var args = new ScriptArgs<IndexMoveArg>();
        args[IndexMoveArg.From] = from.Id;
        args[IndexMoveArg.To] = to.Id;
        args[IndexMoveArg.TtlMs] = IndexTtlMs;
        var reply = await RunAsync(SessionOperation.Index, null, SessionScripts.IndexMove, Schema.UserKey(userHandle), args.Values);
        if (reply.Result == ScriptResult.Ok)
        {
            return true;
        }

        await EndAsync(to, force: true);
        return false;
    }

    /// <summary>Keeps an active user's index alive (see <see cref="SessionActivity"/>).</summary>
    public async Task TouchIndexAsync(string userHandle)
    {
        var args = new ScriptArgs<IndexTouchArg>();
        args[IndexTouchArg.TtlMs] = IndexTtlMs;
        await RunAsync(SessionOperation.IndexTouch, null, SessionScripts.IndexTouch, Schema.UserKey(userHandle), args.Values);
    }

    /// <summary>Every session key on every primary, for an operator's statistics.</summary>
    public async IAsyncEnumerable<SessionHandle> ScanSessionsAsync()
    {
        var prefix = Schema.KeyPrefix.Length + 1;
        foreach (var endpoint in _redis.GetEndPoints())
        {
            var server = _redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: Schema.SessionKeyPattern, pageSize: 1000))
            {
                var text = (string)key!;
                if (SessionIds.FromHandle(text[prefix..^1]) is { } handle)
                {
                    yield return handle;
                }
            }
        }
    }

    private PeekResult Live(SessionHandle session, ScriptReply reply, long now)
    {
        var ttlLeft = (long)reply.Get(PeekReply.TtlLeft);
        var created = Millis((string?)reply.Get(PeekReply.Created));
        return new PeekResult(
            session,
            PeekState.Live,
            SessionBindingFields.ReadUser(Values, (RedisValue)reply.Get(PeekReply.User)),
            created,
            LastAccess(now, ttlLeft, created),
            ExpiryAfter(now, Math.Max(0, ttlLeft)),
            Millis((string?)reply.Get(PeekReply.SignedIn)) ?? default,
            SessionBindingFields.ReadDevice(Values, (RedisValue)reply.Get(PeekReply.Device)),
            long.TryParse((string?)reply.Get(PeekReply.Bytes), CultureInfo.InvariantCulture, out var bytes) ? bytes : 0);
    }

    private static DateTimeOffset? Millis(string? text) =>
        long.TryParse(text, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static string[] Handles(RedisResult result) => [.. ((RedisResult[])result!).Select(handle => (string)handle!)];
}

internal enum PeekState
{
    Live,

    /// <summary>No key: it expired (or never existed).</summary>
    Missing,

    /// <summary>A tombstone of a session that was ended.</summary>
    Ended,

    /// <summary>A tombstone of a session that moved to a new id: its mover moves the index entry too.</summary>
    Moved,
}

internal readonly record struct PeekResult(
    SessionHandle Session,
    PeekState State,
    BoundUser? User,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset SignedInAt,
    string Device,
    long Bytes);

internal readonly record struct IndexEntry(string Handle, long SignedInMs);

internal readonly record struct IndexAddResult(bool Full, IReadOnlyList<string> Dropped, IReadOnlyList<string> Evicted);
