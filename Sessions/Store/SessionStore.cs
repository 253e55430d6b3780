using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The session store: a session's load, commit, end and touch, one script each (<see cref="StoreScripts"/>) through
/// the one resilient path (<see cref="ResilientRedis"/>); the end and the touch in <c>SessionStore.End.cs</c>,
/// a regeneration in <see cref="SessionMove"/> (the lock, the user's index and the write-throughs are modules'). Store failures surface as <see cref="SessionStoreUnavailableException"/>; what a
/// result means for the request is the session's business.
/// </summary>
internal sealed partial class SessionStore
{
    public SessionStore(IConnectionMultiplexer redis, IOptions<RedisSessionOptions> options, SessionValueCodec values, TimeProvider time, ILogger<SessionStore> logger, IEnumerable<ISessionEvents> events)
    {
        Events = new SessionEventSink(events, logger, time);
        Values = values;
        Options = options.Value;
        Schema = new SessionSchema(Options.KeyPrefix);
        Time = time;
        Logger = logger;
        Calls = new ResilientRedis("session store", redis, Options, time, logger);
        Expiry = new SessionExpiry(Options);
        Move = new SessionMove(this);
        SessionLog.WatchConnection(redis, logger);
    }

    public RedisSessionOptions Options { get; }

    /// <summary>The one way to the sessions Redis: budgeted, retried when unsent, broken on outage, measured.</summary>
    public ResilientRedis Calls { get; }

    public SessionMove Move { get; }

    public SessionSchema Schema { get; }

    public SessionExpiry Expiry { get; }

    /// <summary>How values are stored (sealed or plain) and read back: every value passes through it on its way to and from Redis.</summary>
    public SessionValueCodec Values { get; }

    public ILogger Logger { get; }

    /// <summary>Where the lifecycle events go (logs, the events counter, the app's <see cref="ISessionEvents"/>).</summary>
    public SessionEventSink Events { get; }

    public TimeProvider Time { get; }

    internal long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<LoadResult> LoadAsync(SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.load", session.LogHash, SessionOperation.Load);
        var now = NowMs;
        var reply = await SlideAsync(SessionOperation.Load, activity, session, now, "read");
        if (reply.Result != ScriptResult.Ok)
        {
            SessionTelemetry.Loaded(activity, reply.Result, 0, 0);
            SessionLog.Loaded(Logger, session.LogHash, SessionTelemetry.OutcomeOf(reply.Result), 0, 0, string.Empty);
            return new LoadResult(reply.Result, null, null, null, null);
        }

        var (ttl, ttlLeft, fields, hasFlashes) = (reply.Long(0), reply.Long(1), reply.Array(2), reply.Long(3) == 1);
        var values = new Dictionary<string, StoredValue>(fields.Length / 2, StringComparer.Ordinal);
        List<string>? unreadable = null;
        long bytes = 0;
        DateTimeOffset? created = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var name = (string)fields[i]!;
            if (!SessionSchema.IsReserved(name))
            {
                var stored = (byte[])fields[i + 1]!;
                if (!Values.TryOpen(stored, out var value))
                {
                    (unreadable ??= []).Add(name);
                }

                values[name] = new StoredValue(value, stored.Length);
            }
            else if (name == SessionSchema.CreatedField)
            {
                created = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[i + 1]);
            }
            else if (name == SessionSchema.BytesField)
            {
                bytes = (long)fields[i + 1];
            }
        }

        SessionTelemetry.Loaded(activity, ScriptResult.Ok, values.Count, bytes);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            SessionLog.Loaded(Logger, session.LogHash, "found", values.Count, bytes, SessionLog.Names(values.Keys));
        }

        if (unreadable is not null)
        {
            Unreadable(session, unreadable);
        }

        var snapshot = new SessionSnapshot(values, bytes, hasFlashes, created);
        return new LoadResult(ScriptResult.Ok, snapshot, SessionExpiry.After(now, ttl), Expiry.LastAccess(now, ttlLeft, created), fields);
    }

    /// <summary>Applies <paramref name="changes"/> in one script, creating the session when <paramref name="create"/>.</summary>
    public async Task<WriteResult> CommitAsync(SessionOperation operation, SessionHandle session, bool create, SessionChangeSet changes)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, operation);
        var sets = new List<KeyValuePair<string, PendingSet>>(changes.Changes.Count);
        var dels = new List<string>();
        foreach (var change in changes.Changes)
        {
            if (change.Value is { } set)
            {
                sets.Add(new(change.Key, set));
            }
            else if (!create)
            {
                dels.Add(change.Key);
            }
        }

        // See commit.lua: now, idle ms, absolute ms, create, limit, clear; then each list after its length.
        var keep = changes.KeepOnClear;
        var now = NowMs;
        var args = new List<RedisValue>(9 + (sets.Count * 2) + dels.Count + keep.Count)
        {
            now, Expiry.IdleMs, Expiry.AbsoluteMs, create ? 1 : 0, Options.HardSessionBytes, changes.Cleared && !create ? 1 : 0, sets.Count,
        };
        long written = 0;
        foreach (var (key, value) in sets)
        {
            var stored = value.Stored;
            args.Add(key);
            args.Add(stored);
            written += SessionSnapshot.SizeOf(key, stored);
        }

        args.Add(dels.Count);
        args.AddRange(dels.Select(key => (RedisValue)key));
        args.Add(keep.Count);
        args.AddRange(keep.Select(key => (RedisValue)key));
        var reply = await RunAsync(operation, activity, StoreScripts.Commit, Schema.SessionKey(session), [.. args]);
        var result = WriteResultOf(reply, now);
        SessionTelemetry.Wrote(activity, operation, reply.Result, sets.Count, dels.Count, written);
        LogWrite(session.LogHash, operation, result, sets.Select(s => s.Key), dels, written);
        return result;
    }

    /// <summary>load.lua, which slides the expiry and by <paramref name="mode"/> reads ('read'), takes the flashes ('take') or nothing more ('touch').</summary>
    internal Task<StoreReply> SlideAsync(SessionOperation operation, Activity? activity, SessionHandle session, long now, string mode) =>
        RunAsync(operation, activity, StoreScripts.Load, Schema.SessionKey(session), [now, Expiry.IdleMs, Expiry.AbsoluteMs, mode]);

    internal Task<StoreReply> RunAsync(SessionOperation operation, Activity? activity, StoreScript script, RedisKey key, RedisValue[] values) =>
        Calls.RunAsync(operation, activity, script, [key], values);

    /// <summary>What commit.lua and swap.lua answer: {OK, ttl, bytes}, {TOO_LARGE, bytes}, or another refusal.</summary>
    internal WriteResult WriteResultOf(StoreReply reply, long now) => reply.Result switch
    {
        ScriptResult.Ok => new WriteResult(ScriptResult.Ok, SessionExpiry.After(now, reply.Long(0)), reply.Long(1)),
        _ => new WriteResult(reply.Result, null, reply.WouldBeBytes),
    };

    /// <summary>Stored values this key ring cannot decrypt (a revoked or lost key): read as absent, never silently.</summary>
    internal void Unreadable(SessionHandle session, IReadOnlyCollection<string> keys)
    {
        SessionTelemetry.ValuesUnreadable.Add(keys.Count);
        SessionLog.ValuesUnreadable(Logger, session.LogHash, keys.Count, SessionLog.Names(keys));
    }

    internal void LogWrite(string idHash, SessionOperation operation, WriteResult result, IEnumerable<string> set, IReadOnlyCollection<string> removed, long bytes)
    {
        if (result.Result == ScriptResult.Ok && Logger.IsEnabled(LogLevel.Debug))
        {
            SessionLog.Written(Logger, idHash, operation.Tag(), SessionLog.Names(set), SessionLog.Names(removed), bytes, result.Bytes);
        }
    }
}
