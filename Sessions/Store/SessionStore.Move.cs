using System.Diagnostics;
using StackExchange.Redis;
using SessionSample.Sessions.Users;

namespace SessionSample.Sessions;

/// <summary>
/// Regeneration: moving a session to a new id. The two keys hash to different cluster slots, so the move
/// is three single-slot scripts rather than one RENAME:
/// <list type="number">
/// <item><c>move_begin</c> marks the old session as moving (with a deadline) and reads it; from then on
/// every other request's write to it is refused, and so is a second regeneration;</item>
/// <item><c>move_copy</c> creates the new key from that copy, create-only;</item>
/// <item><c>move_end</c> turns the old key into a tombstone, if the move is still this mover's.</item>
/// </list>
/// No window loses or revives data: a concurrent write is refused (409), never applied to a copy that is
/// then thrown away; a mover that dies leaves a move whose deadline passes, after which the old session is
/// simply live again; a move that finds itself given up discards its copy.
/// </summary>
internal sealed partial class SessionStore
{
    /// <param name="bind">A sign-in: the binding the copy gets, over whatever binding the session had.</param>
    public async Task<MoveResult> RegenerateAsync(SessionHandle from, SessionHandle to, string? lockToken, SessionBinding? bind = null)
    {
        using var activity = SessionTelemetry.Start("session.regenerate", from.LogHash, SessionOperation.Regenerate);
        activity?.SetTag("session.new_id_hash", to.LogHash);
        var now = NowMs;
        var moveToken = SessionIds.NewId();
        var deadline = now + (3 * (long)Options.OperationBudget.TotalMilliseconds);

        var begin = new ScriptArgs<MoveBeginArg>();
        begin[MoveBeginArg.Now] = now;
        begin[MoveBeginArg.IdleMs] = _idleMs;
        begin[MoveBeginArg.AbsoluteMs] = _absoluteMs;
        begin[MoveBeginArg.MoveToken] = moveToken;
        begin[MoveBeginArg.DeadlineMs] = deadline;
        begin[MoveBeginArg.LockToken] = lockToken ?? string.Empty;
        var abort = new ScriptArgs<MoveAbortArg>();
        abort[MoveAbortArg.MoveToken] = moveToken;
        abort[MoveAbortArg.DeadlineMs] = deadline;
        ScriptReply source;
        try
        {
            source = await RunAsync(SessionOperation.Regenerate, activity, SessionScripts.MoveBegin, [Schema.SessionKey(from), Schema.LockKey(from)], begin.Values);
        }
        catch (SessionStoreUnavailableException)
        {
            // It may still run late (a stalled Redis runs what it holds once it resumes): an abort queued
            // behind it on the same connection gives the session back at once rather than at the deadline.
            AbortMove(activity, from, abort);
            throw;
        }

        if (source.Result != ScriptResult.Ok)
        {
            return new(Moved(activity, source.Result, from, to, 0), null);
        }

        var ttl = (long)source.Get(MoveBeginReply.Ttl);
        var fields = (RedisResult[])source.Get(MoveBeginReply.Fields)!;
        var previous = SessionBinding.From(fields, Values);
        RedisValue[] binding = bind is null ? [] : [.. bind.ToFieldPairs(Values)];
        var copy = new ScriptArgs<MoveCopyArg>(fields.Length + binding.Length);
        copy[MoveCopyArg.TtlMs] = ttl;
        copy[MoveCopyArg.LockToken] = lockToken ?? string.Empty;
        copy[MoveCopyArg.LockMs] = (long)source.Get(MoveBeginReply.LockMs);
        for (var i = 0; i < fields.Length; i++)
        {
            copy.SetTail(i, (RedisValue)fields[i]);
        }

        // Written after the copied fields, so a new sign-in's binding replaces an old one.
        for (var i = 0; i < binding.Length; i++)
        {
            copy.SetTail(fields.Length + i, binding[i]);
        }

        ScriptReply copied;
        try
        {
            copied = await RunAsync(SessionOperation.Regenerate, activity, SessionScripts.MoveCopy, [Schema.SessionKey(to), Schema.LockKey(to)], copy.Values);
        }
        catch (SessionStoreUnavailableException)
        {
            // The copy may land late, under an id nobody holds (it expires); the old session stays the live one.
            AbortMove(activity, from, abort);
            throw;
        }

        if (copied.Result != ScriptResult.Ok)
        {
            AbortMove(activity, from, abort);
            return new(Moved(activity, copied.Result, from, to, 0), null);
        }

        var end = new ScriptArgs<MoveEndArg>();
        end[MoveEndArg.Now] = NowMs;
        end[MoveEndArg.MoveToken] = moveToken;
        end[MoveEndArg.DeadlineMs] = deadline;
        ScriptReply ended;
        try
        {
            ended = await RunAsync(SessionOperation.Regenerate, activity, SessionScripts.MoveEnd, Schema.SessionKey(from), end.Values);
        }
        catch (SessionStoreUnavailableException exception)
        {
            // The new id holds the data now, so it is the one the browser must get. If the old id was not
            // buried it comes back at the move's deadline, holding only what it held before the sign-in.
            SessionLog.OldIdNotRetired(Logger, from.LogHash, exception);
            return new(Moved(activity, ScriptResult.Ok, from, to, ttl), previous);
        }

        if (ended.Result != ScriptResult.Ok)
        {
            // The move outlived its deadline and the old session is live again: this copy must not stay.
            await RunAsync(SessionOperation.Regenerate, activity, SessionScripts.Discard, [Schema.SessionKey(to), Schema.LockKey(to)], []);
        }

        return new(Moved(activity, ended.Result, from, to, ttl), ended.Result == ScriptResult.Ok ? previous : null);
    }

    // Sent at once and not awaited: the request has its answer already, and if this fails too, the move's
    // deadline gives the session back.
    private void AbortMove(Activity? activity, SessionHandle from, ScriptArgs<MoveAbortArg> abort) =>
        _ = RunQuietlyAsync(RunAsync(SessionOperation.Regenerate, activity, SessionScripts.MoveAbort, Schema.SessionKey(from), abort.Values));

    private static async Task RunQuietlyAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (SessionStoreUnavailableException)
        {
        }
    }

    private WriteResult Moved(Activity? activity, ScriptResult result, SessionHandle from, SessionHandle to, long ttl)
    {
        SessionTelemetry.Wrote(activity, SessionOperation.Regenerate, result, 0, 0, 0);
        if (result != ScriptResult.Ok)
        {
            return new WriteResult(result, null, 0);
        }

        SessionLog.Regenerated(Logger, from.LogHash, to.LogHash);
        return new WriteResult(ScriptResult.Ok, Time.GetUtcNow().AddMilliseconds(ttl), 0);
    }
}
