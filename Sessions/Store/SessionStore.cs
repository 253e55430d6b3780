using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using SessionSample.Sessions.Users;

namespace SessionSample.Sessions;

/// <summary>
/// Every Redis operation of the session store: one script per call, run through the resilience pipeline,
/// traced and measured (<c>SessionStore.Calls.cs</c>). Store failures surface as
/// <see cref="SessionStoreUnavailableException"/>; what a result means for the request is the session's business.
/// </summary>
internal sealed partial class SessionStore
{
    // Apps sharing a session may disagree on the time by this much; an expiry this close to the absolute end counts as set by it.
    private const long AbsoluteCapTolerance = 1000;

    private readonly IConnectionMultiplexer _redis;
    private readonly ResilientRedis _calls;
    private readonly long _idleMs;
    private readonly long _absoluteMs;

    public SessionStore(IConnectionMultiplexer redis, IOptions<RedisSessionOptions> options, SessionValueCodec values, TimeProvider time, ILogger<SessionStore> logger, IEnumerable<ISessionEvents> events)
    {
        Events = new SessionEventSink(events, logger, time);
        Users = new SessionUserIndex(this);
        _redis = redis;
        Values = values;
        Options = options.Value;
        Schema = new SessionSchema(Options.KeyPrefix);
        Time = time;
        Logger = logger;
        _calls = new ResilientRedis("session store", Options, time, logger);
        _idleMs = (long)Options.IdleTimeout.TotalMilliseconds;
        _absoluteMs = (long)(Options.AbsoluteLifetime?.TotalMilliseconds ?? 0);

        RedisConnectionLog.Watch(redis, logger);
    }

    public RedisSessionOptions Options { get; }

    public SessionSchema Schema { get; }

    /// <summary>How values are stored (sealed or plain) and read back: every value passes through it on its way to and from Redis.</summary>
    public SessionValueCodec Values { get; }

    public ILogger Logger { get; }

    /// <summary>Where the lifecycle events go (logs, the events counter, the app's <see cref="ISessionEvents"/>).</summary>
    public SessionEventSink Events { get; }

    /// <summary>The per-user index over this store (also <see cref="ISessionUsers"/> in DI).</summary>
    public SessionUserIndex Users { get; }

    public TimeProvider Time { get; }

    private long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<LoadResult> LoadAsync(SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.load", session.LogHash, SessionOperation.Load);
        var now = NowMs;
        var reply = await RunAsync(SessionOperation.Load, activity, SessionScripts.Load, Schema.SessionKey(session), Touch(now).Values);
        if (reply.Result != ScriptResult.Ok)
        {
            SessionTelemetry.Loaded(activity, reply.Result, 0, 0);
            SessionLog.Loaded(Logger, session.LogHash, SessionTelemetry.OutcomeOf(reply.Result), 0, 0, string.Empty);
            return new LoadResult(reply.Result, null, null, null, null, reply.Result == ScriptResult.Gone && reply.Detail == 1);
        }

        var ttl = (long)reply.Get(LoadReply.Ttl);
        var ttlLeft = (long)reply.Get(LoadReply.TtlLeft);
        var fields = (RedisResult[])reply.Get(LoadReply.Fields)!;
        var hasFlashes = (long)reply.Get(LoadReply.HasFlashes) == 1;
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
        return new LoadResult(ScriptResult.Ok, snapshot, ExpiryAfter(now, ttl), LastAccess(now, ttlLeft, created), SessionBinding.From(fields, Values));
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

        var keep = changes.KeepOnClear;
        var args = new ScriptArgs<CommitArg>(3 + (sets.Count * 2) + dels.Count + keep.Count);
        var now = NowMs;
        args[CommitArg.Now] = now;
        args[CommitArg.IdleMs] = _idleMs;
        args[CommitArg.AbsoluteMs] = _absoluteMs;
        args[CommitArg.Create] = create ? 1 : 0;
        args[CommitArg.LimitBytes] = Options.HardSessionBytes;
        args[CommitArg.Clear] = changes.Cleared && !create ? 1 : 0;
        var tail = 0;
        args.SetTail(tail++, sets.Count);
        long written = 0;
        foreach (var (key, value) in sets)
        {
            var stored = value.Stored;
            args.SetTail(tail++, key);
            args.SetTail(tail++, stored);
            written += SessionSnapshot.SizeOf(key, stored);
        }

        args.SetTail(tail++, dels.Count);
        foreach (var key in dels)
        {
            args.SetTail(tail++, key);
        }

        args.SetTail(tail++, keep.Count);
        foreach (var key in keep)
        {
            args.SetTail(tail++, key);
        }

        var reply = await RunAsync(operation, activity, SessionScripts.Commit, Schema.SessionKey(session), args.Values);
        var result = WriteResultOf(reply, now);
        SessionTelemetry.Wrote(activity, operation, reply.Result, sets.Count, dels.Count, written);
        LogWrite(session.LogHash, operation, result, sets.Select(s => s.Key), dels, written);
        return result;
    }

    /// <summary>
    /// Ends the session: its data is deleted and a tombstone refuses late writes. <paramref name="force"/> (ended
    /// from elsewhere) ends it in the middle of a move too. On success, also says whom it was signed in as.
    /// </summary>
    public async Task<EndResult> EndAsync(SessionHandle session, bool force = false)
    {
        using var activity = SessionTelemetry.Start("session.invalidate", session.LogHash, SessionOperation.Invalidate);
        var args = new ScriptArgs<EndArg>();
        args[EndArg.Now] = NowMs;
        args[EndArg.Force] = force ? 1 : 0;
        var reply = await RunAsync(SessionOperation.Invalidate, activity, SessionScripts.End, Schema.SessionKey(session), args.Values);
        SessionTelemetry.Wrote(activity, SessionOperation.Invalidate, reply.Result, 0, 0, 0);
        SessionLog.Invalidated(Logger, session.LogHash, SessionTelemetry.OutcomeOf(reply.Result));
        var user = reply.Result == ScriptResult.Ok ? SessionBindingFields.ReadUser(Values, (RedisValue)reply.Get(EndReply.User)) : null;
        return new EndResult(reply.Result, user?.Name, reply.Result == ScriptResult.Gone && reply.Detail == 1);
    }

    /// <summary>Slides the expiry of a session a request used without reading it.</summary>
    public async Task<ScriptResult> TouchAsync(SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.touch", session.LogHash, SessionOperation.Touch);
        var reply = await RunAsync(SessionOperation.Touch, activity, SessionScripts.Touch, Schema.SessionKey(session), Touch(NowMs).Values);
        SessionTelemetry.Wrote(activity, SessionOperation.Touch, reply.Result, 0, 0, 0);
        return reply.Result;
    }

    private ScriptArgs<TouchArg> Touch(long now)
    {
        var args = new ScriptArgs<TouchArg>();
        args[TouchArg.Now] = now;
        args[TouchArg.IdleMs] = _idleMs;
        args[TouchArg.AbsoluteMs] = _absoluteMs;
        return args;
    }

    private WriteResult WriteResultOf(ScriptReply reply, long now) => reply.Result switch
    {
        ScriptResult.Ok => new WriteResult(ScriptResult.Ok, ExpiryAfter(now, (long)reply.Get(CommitReply.Ttl)), (long)reply.Get(CommitReply.Bytes)),
        ScriptResult.TooLarge => new WriteResult(ScriptResult.TooLarge, null, reply.Detail),
        _ => new WriteResult(reply.Result, null, 0),
    };

    private static DateTimeOffset ExpiryAfter(long now, long ttl) => DateTimeOffset.FromUnixTimeMilliseconds(now + ttl);

    /// <summary>
    /// Every touch sets the expiry to that moment plus the idle timeout unless the absolute lifetime ends sooner,
    /// so the TTL that was left says when the session was last touched, without a field rewritten on every read.
    /// When the absolute end set that expiry the touch is unknown: null rather than a guess.
    /// </summary>
    private DateTimeOffset? LastAccess(long now, long ttlLeft, DateTimeOffset? created)
    {
        if (ttlLeft < 0)
        {
            return null;
        }

        var expiry = now + ttlLeft;
        if (_absoluteMs > 0 && created is { } start && expiry >= start.ToUnixTimeMilliseconds() + _absoluteMs - AbsoluteCapTolerance)
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(expiry - _idleMs, now));
    }

    /// <summary>Stored values this key ring cannot decrypt (a revoked or lost key): read as absent, never silently.</summary>
    private void Unreadable(SessionHandle session, IReadOnlyCollection<string> keys)
    {
        SessionTelemetry.ValuesUnreadable.Add(keys.Count);
        SessionLog.ValuesUnreadable(Logger, session.LogHash, keys.Count, SessionLog.Names(keys));
    }

    private void LogWrite(string idHash, SessionOperation operation, WriteResult result, IEnumerable<string> set, IReadOnlyCollection<string> removed, long bytes)
    {
        if (result.Result == ScriptResult.Ok && Logger.IsEnabled(LogLevel.Debug))
        {
            SessionLog.Written(Logger, idHash, operation.Tag(), SessionLog.Names(set), SessionLog.Names(removed), bytes, result.Bytes);
        }
    }
}
