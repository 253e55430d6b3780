using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>Outcome of a write to the store.</summary>
internal enum WriteStatus
{
    Ok,

    /// <summary>The session was deleted, renamed or expired meanwhile: the write was not applied.</summary>
    Stale,

    /// <summary>The new id is already in use (never in practice with 144 random bits): pick another.</summary>
    IdTaken,

    /// <summary>The session would exceed its hard size limit: nothing was applied.</summary>
    TooLarge,
}

/// <summary>What a load found.</summary>
internal sealed class LoadedSession
{
    public Dictionary<string, byte[]> Values { get; } = new(StringComparer.Ordinal);

    public long Bytes { get; set; }

    public bool HasFlashes { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? LastAccessedAt { get; set; }

    public TimeSpan Ttl { get; set; }

    /// <summary>The TTL that was left before this load (-1: none set).</summary>
    public long TtlLeftMilliseconds { get; set; } = -1;
}

/// <summary>
/// Every Redis operation of the session store: one script or command per call, run through the
/// resilience pipeline, traced and measured. Store failures surface as
/// <see cref="SessionStoreUnavailableException"/>; the session decides what the outage policy makes of them.
/// </summary>
internal sealed partial class SessionStore
{
    public const string FlashPrefix = "~flash:";
    private const string CreatedField = "~created";
    private const string TtlField = "~ttl";
    private const string TtlLeftField = "~pttl";

    // Apps sharing a session may disagree on the time by this much; an expiry this close to the absolute end counts as set by it.
    private const long AbsoluteCapTolerance = 1000;

    private static readonly RedisValue s_new = "n";
    private static readonly RedisValue s_existing = "e";

    private readonly IConnectionMultiplexer _redis;
    private readonly ResiliencePipeline _retrying;
    private readonly ResiliencePipeline _once;
    private readonly TimeProvider _time;
    private readonly long _idleMs;
    private readonly long _absoluteMs;
    private readonly RedisValue _idleMilliseconds;
    private readonly RedisValue _absoluteMilliseconds;

    public SessionStore(
        IConnectionMultiplexer redis,
        IOptions<RedisSessionOptions> options,
        TimeProvider time,
        ILogger<SessionStore> logger)
    {
        _redis = redis;
        Options = options.Value;
        _retrying = SessionResilience.Build(Options, retry: true, time, logger);
        _once = SessionResilience.Build(Options, retry: false, time, logger);
        _time = time;
        Logger = logger;
        _idleMs = (long)Options.IdleTimeout.TotalMilliseconds;
        _absoluteMs = (long)(Options.AbsoluteLifetime?.TotalMilliseconds ?? 0);
        _idleMilliseconds = _idleMs;
        _absoluteMilliseconds = _absoluteMs;
    }

    public RedisSessionOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time => _time;

    private RedisKey SessionKey(string id) => string.Concat(Options.KeyPrefix, "{", id, "}");

    private RedisKey LockKey(string id) => string.Concat(Options.KeyPrefix, "{", id, "}:lock");

    private RedisValue Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<LoadedSession?> LoadAsync(string id, string idHash)
    {
        using var activity = StartActivity("session.load", idHash);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var args = new ScriptArgs(SessionKey(id), [now, _idleMilliseconds, _absoluteMilliseconds]);
        var result = await RunAsync("load", activity, _retrying, SessionScripts.Load, args);

        var fields = (RedisResult[])result!;
        if (fields.Length == 0)
        {
            Record(activity, "load", "missing", 0, 0, 0);
            SessionTelemetry.Loads.Add(1, new KeyValuePair<string, object?>("outcome", "missing"));
            SessionLog.Loaded(Logger, idHash, "missing", 0, 0);
            return null;
        }

        var loaded = new LoadedSession();
        long bytes = 0;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var name = (string)fields[i]!;
            if (name.StartsWith(RedisSession.ReservedPrefix))
            {
                ReadMetadata(loaded, name, fields[i + 1]);
                continue;
            }

            var value = (byte[])fields[i + 1]!;
            loaded.Values[name] = value;
            bytes += name.Length + value.Length;
        }

        loaded.Bytes = bytes;
        loaded.LastAccessedAt = LastAccessFromTtl(now, loaded);
        Record(activity, "load", "found", loaded.Values.Count, 0, bytes);
        SessionTelemetry.Loads.Add(1, new KeyValuePair<string, object?>("outcome", "found"));
        SessionTelemetry.Bytes.Record(bytes, new KeyValuePair<string, object?>("direction", "read"));
        SessionLog.Loaded(Logger, idHash, "found", loaded.Values.Count, bytes);
        return loaded;
    }

    private static void ReadMetadata(LoadedSession loaded, string name, RedisResult value)
    {
        switch (name)
        {
            case CreatedField:
                loaded.CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)value);
                break;
            case TtlField:
                loaded.Ttl = TimeSpan.FromMilliseconds((long)value);
                break;
            case TtlLeftField:
                loaded.TtlLeftMilliseconds = (long)value;
                break;
            default:
                if (name.StartsWith(FlashPrefix, StringComparison.Ordinal))
                {
                    loaded.HasFlashes = true;
                }

                break;
        }
    }

    /// <summary>
    /// Every touch sets the expiry to last touch + idle timeout unless the absolute lifetime ends sooner, so
    /// the expiry that was left says when the session was last touched, without a field rewritten on every
    /// read. When the absolute end set that expiry, the touch is unknown (it lies within the last idle
    /// timeout before that end): null rather than a guess.
    /// </summary>
    private DateTimeOffset? LastAccessFromTtl(long now, LoadedSession loaded)
    {
        if (loaded.TtlLeftMilliseconds < 0)
        {
            return null;
        }

        var expiry = now + loaded.TtlLeftMilliseconds;
        if (_absoluteMs > 0 && loaded.CreatedAt is { } created
            && expiry >= created.ToUnixTimeMilliseconds() + _absoluteMs - AbsoluteCapTolerance)
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(expiry - _idleMs, now));
    }

    /// <summary>Applies a delta (sets, deletes, optionally clearing all user keys first) in one script.</summary>
    /// <param name="serverSideLimit">The hard session limit to check inside Redis when the caller could not (it never loaded the session); 0 otherwise.</param>
    public async Task<WriteStatus> WriteAsync(
        string operation,
        string id,
        string idHash,
        bool isNew,
        bool clear,
        long serverSideLimit,
        IReadOnlyCollection<KeyValuePair<string, byte[]?>> changes)
    {
        using var activity = StartActivity("session.commit", idHash);
        activity?.SetTag("session.operation", operation);

        var sets = 0;
        foreach (var change in changes)
        {
            if (change.Value is not null)
            {
                sets++;
            }
        }

        var values = new RedisValue[7 + (sets * 2) + (changes.Count - sets)];
        values[0] = isNew ? s_new : s_existing;
        values[1] = Now;
        values[2] = _idleMilliseconds;
        values[3] = _absoluteMilliseconds;
        values[4] = clear ? 1 : 0;
        values[5] = serverSideLimit;
        values[6] = sets;
        int set = 7, delete = 7 + (sets * 2);
        long bytes = 0;
        foreach (var change in changes)
        {
            if (change.Value is { } value)
            {
                values[set++] = change.Key;
                values[set++] = value;
                bytes += change.Key.Length + value.Length;
            }
            else
            {
                values[delete++] = change.Key;
            }
        }

        var result = (long)(await RunAsync(operation, activity, _retrying, SessionScripts.Commit, new ScriptArgs(SessionKey(id), values)))!;
        var status = result switch
        {
            -1 => WriteStatus.Stale,
            -2 => WriteStatus.IdTaken,
            -3 => WriteStatus.TooLarge,
            _ => WriteStatus.Ok,
        };

        var outcome = OutcomeOf(status);
        Record(activity, operation, outcome, 0, changes.Count, bytes);
        activity?.SetTag("session.fields_removed", changes.Count - sets);
        SessionTelemetry.Commits.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
        if (status == WriteStatus.Ok)
        {
            SessionTelemetry.Bytes.Record(bytes, new KeyValuePair<string, object?>("direction", "write"));
            SessionLog.Written(Logger, idHash, operation, sets, changes.Count - sets, bytes);
        }
        else if (status == WriteStatus.Stale)
        {
            DroppedStale(idHash, operation);
        }

        return status;
    }

    public async Task<(WriteStatus Status, long Value)> IncrementAsync(string id, string idHash, bool isNew, string field, long delta)
    {
        using var activity = StartActivity("session.commit", idHash);
        activity?.SetTag("session.operation", "increment");
        var args = new ScriptArgs(SessionKey(id), [isNew ? s_new : s_existing, Now, _idleMilliseconds, _absoluteMilliseconds, field, delta]);
        var result = (RedisResult[])(await RunAsync("increment", activity, _once, SessionScripts.Increment, args))!;
        var status = (long)result[0] switch
        {
            -1 => WriteStatus.Stale,
            -2 => WriteStatus.IdTaken,
            _ => WriteStatus.Ok,
        };
        var value = (long)result[1];
        var outcome = OutcomeOf(status);
        Record(activity, "increment", outcome, 0, 1, 0);
        SessionTelemetry.Commits.Add(1, new KeyValuePair<string, object?>("operation", "increment"), new KeyValuePair<string, object?>("outcome", outcome));
        if (status == WriteStatus.Ok)
        {
            SessionLog.Written(Logger, idHash, "increment", 1, 0, field.Length + 20);
        }
        else if (status == WriteStatus.Stale)
        {
            DroppedStale(idHash, "increment");
        }

        return (status, value);
    }

    public async Task<WriteStatus> RegenerateAsync(string oldId, string oldIdHash, string newId, string newIdHash)
    {
        using var activity = StartActivity("session.regenerate", oldIdHash);
        activity?.SetTag("session.new_id_hash", newIdHash);
        var args = new ScriptArgs([SessionKey(oldId), SessionKey(newId)], []);
        var result = (long)(await RunAsync("regenerate", activity, _once, SessionScripts.Regenerate, args))!;
        var status = result switch
        {
            -1 => WriteStatus.Stale,
            -2 => WriteStatus.IdTaken,
            _ => WriteStatus.Ok,
        };
        Record(activity, "regenerate", OutcomeOf(status), 0, 0, 0);
        SessionTelemetry.Commits.Add(1, new KeyValuePair<string, object?>("operation", "regenerate"), new KeyValuePair<string, object?>("outcome", OutcomeOf(status)));
        if (status == WriteStatus.Ok)
        {
            SessionLog.Regenerated(Logger, oldIdHash, newIdHash);
        }
        else if (status == WriteStatus.Stale)
        {
            DroppedStale(oldIdHash, "regenerate");
        }

        return status;
    }

    public async Task DeleteAsync(string id, string idHash)
    {
        using var activity = StartActivity("session.invalidate", idHash);
        await RunAsync("invalidate", activity, _retrying, new KeyDelete(SessionKey(id)));
        Record(activity, "invalidate", "deleted", 0, 0, 0);
        SessionTelemetry.Commits.Add(1, new KeyValuePair<string, object?>("operation", "invalidate"), new KeyValuePair<string, object?>("outcome", "written"));
        SessionLog.Invalidated(Logger, idHash);
    }

    /// <summary>The stored flash fields and messages, now deleted from the session.</summary>
    public async Task<RedisResult[]> TakeFlashesAsync(string id, string idHash)
    {
        using var activity = StartActivity("session.flash", idHash);
        var result = (RedisResult[])(await RunAsync("flash", activity, _once, SessionScripts.TakeFlashes, new ScriptArgs(SessionKey(id), [])))!;
        Record(activity, "flash", "taken", result.Length / 2, 0, 0);
        SessionLog.FlashesTaken(Logger, idHash, result.Length / 2);
        return result;
    }

    /// <summary>Takes the lock for <paramref name="token"/>, or says how long its current holder may still keep it.</summary>
    public async Task<(bool Acquired, TimeSpan HolderTimeLeft)> TryAcquireLockAsync(string id, string idHash, string token, TimeSpan hold)
    {
        using var activity = StartActivity("session.lock.attempt", idHash);
        var args = new ScriptArgs(LockKey(id), [token, (long)hold.TotalMilliseconds]);
        var result = (RedisResult[])(await RunAsync("lock", activity, _retrying, SessionScripts.AcquireLock, args))!;
        var acquired = (long)result[0] == 1;
        activity?.SetTag("session.outcome", acquired ? "acquired" : "held");
        return (acquired, TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
    }

    public async Task ReleaseLockAsync(string id, string idHash, string token)
    {
        using var activity = StartActivity("session.lock.release", idHash);
        var released = (long)(await RunAsync("unlock", activity, _retrying, SessionScripts.ReleaseLock, new ScriptArgs(LockKey(id), [token])))! == 1;

        // Not released means the hold time ran out first and the lock may now be someone else's.
        activity?.SetTag("session.outcome", released ? "released" : "expired");
    }

    /// <summary>Loads the scripts so the first request already sends EVALSHA rather than SCRIPT LOAD + EVALSHA.</summary>
    public async Task PreloadScriptsAsync(CancellationToken cancellationToken)
    {
        foreach (var endpoint in _redis.GetEndPoints())
        {
            var server = _redis.GetServer(endpoint);
            foreach (var script in SessionScripts.All)
            {
                await server.ScriptLoadAsync(script.Text).WaitAsync(cancellationToken);
            }
        }
    }

    private void DroppedStale(string idHash, string operation)
    {
        SessionTelemetry.StaleCommitsDropped.Add(1, new KeyValuePair<string, object?>("operation", operation));
        SessionLog.StaleWriteDropped(Logger, idHash, operation);
    }

    private static string OutcomeOf(WriteStatus status) => status switch
    {
        WriteStatus.Ok => "written",
        WriteStatus.Stale => "stale",
        WriteStatus.IdTaken => "id_taken",
        _ => "too_large",
    };

    public static Activity? StartActivity(string name, string idHash)
    {
        var activity = SessionTelemetry.ActivitySource.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("session.id_hash", idHash);
        return activity;
    }

    private static void Record(Activity? activity, string operation, string outcome, int fieldsRead, int fieldsWritten, long bytes)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("session.outcome", outcome);
        activity.SetTag("session.fields_read", fieldsRead);
        activity.SetTag("session.fields_written", fieldsWritten);
        activity.SetTag("session.bytes", bytes);
        activity.SetTag("session.operation", operation);
    }

    private Task<RedisResult> RunAsync(string operation, Activity? activity, ResiliencePipeline pipeline, SessionScript script, ScriptArgs args) =>
        RunAsync(operation, activity, pipeline, new ScriptCall(script, args));

    private async Task<TResult> RunAsync<TCall, TResult>(string operation, Activity? activity, ResiliencePipeline pipeline, TCall call)
        where TCall : IRedisCall<TResult>
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            var db = _redis.GetDatabase();
            return await pipeline.ExecuteAsync(
                static async (state, ct) => await state.call.ExecuteAsync(state.db).WaitAsync(ct),
                (call, db),
                CancellationToken.None);
        }
        catch (Exception exception) when (SessionResilience.IsOutage(exception))
        {
            outcome = "unavailable";
            activity?.SetStatus(ActivityStatusCode.Error, "session store unavailable");
            activity?.SetTag("session.outcome", outcome);
            // The client's exception text names keys, and a key holds a session id: keep its story, not the id.
            throw new SessionStoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The session store (Redis 'sessions') did not answer the {operation} within {Options.OperationBudget.TotalSeconds:0.###} s."),
                new RedactedStoreFailure(exception));
        }
        catch (Exception exception) when (Failed(activity, exception, ref outcome))
        {
            throw;
        }
        finally
        {
            SessionTelemetry.Duration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("operation", operation),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private Task<RedisResult> RunAsync(string operation, Activity? activity, ResiliencePipeline pipeline, ScriptCall call) =>
        RunAsync<ScriptCall, RedisResult>(operation, activity, pipeline, call);

    private Task<bool> RunAsync(string operation, Activity? activity, ResiliencePipeline pipeline, KeyDelete call) =>
        RunAsync<KeyDelete, bool>(operation, activity, pipeline, call);

    // Tags an unexpected failure (a bug or a script error, not an outage) and lets it propagate.
    private static bool Failed(Activity? activity, Exception exception, ref string outcome)
    {
        outcome = "error";
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("session.outcome", outcome);
        return false;
    }

    /// <summary>A store failure with every session id in its text (ids sit in braces in keys) replaced by a marker.</summary>
    private sealed partial class RedactedStoreFailure(Exception failure)
        : Exception($"{failure.GetType().Name}: {IdInKey().Replace(failure.Message, "{redacted}")}")
    {
        [GeneratedRegex(@"\{[A-Za-z0-9_-]{24}\}")]
        private static partial Regex IdInKey();
    }

    private readonly record struct ScriptArgs(RedisKey[] Keys, RedisValue[] Values)
    {
        public ScriptArgs(RedisKey key, RedisValue[] values)
            : this([key], values)
        {
        }
    }

    // Small value types instead of lambdas: the pipeline callback stays static and allocation-free.
    private interface IRedisCall<TResult>
    {
        Task<TResult> ExecuteAsync(IDatabase db);
    }

    private readonly record struct ScriptCall(SessionScript Script, ScriptArgs Args) : IRedisCall<RedisResult>
    {
        public async Task<RedisResult> ExecuteAsync(IDatabase db)
        {
            try
            {
                return await db.ScriptEvaluateAsync(Script.Sha1, Args.Keys, Args.Values);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                // Redis restarted or its script cache was flushed: send the text once, which loads it again.
                return await db.ScriptEvaluateAsync(Script.Text, Args.Keys, Args.Values);
            }
        }
    }

    private readonly record struct KeyDelete(RedisKey Key) : IRedisCall<bool>
    {
        public Task<bool> ExecuteAsync(IDatabase db) => db.KeyDeleteAsync(Key);
    }
}
