using System.Diagnostics;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Regeneration: moving a session to a new id. The two keys hash to different cluster slots, so the move
/// is three single-slot scripts rather than one RENAME:
/// <list type="number">
/// <item>'begin' marks the old session as moving (with a deadline) and reads it; from then on
/// every other request's write to it is refused, and so is a second regeneration;</item>
/// <item>'copy' creates the new key from that copy, create-only;</item>
/// <item>'end' turns the old key into a tombstone, if the move is still this mover's.</item>
/// </list>
/// No window loses or revives data: a concurrent write is refused (409), never applied to a copy that is
/// then thrown away; a mover that dies leaves a move whose deadline passes, after which the old session is
/// simply live again; a move that finds itself given up discards its copy. Each step is a mode of move.lua.
/// </summary>
internal sealed class SessionMove(SessionStore store)
{
    /// <param name="bind">A sign-in: the binding's fields the copy gets (name/value pairs), over whatever binding the session had.</param>
    public async Task<MoveResult> RegenerateAsync(SessionHandle from, SessionHandle to, string? lockToken, IReadOnlyList<RedisValue>? bind = null)
    {
        using var activity = SessionTelemetry.Start("session.regenerate", from.LogHash, SessionOperation.Regenerate);
        activity?.SetTag("session.new_id_hash", to.LogHash);
        var now = store.NowMs;
        var moveToken = SessionIds.NewId();
        var deadline = now + (3 * (long)store.Options.OperationBudget.TotalMilliseconds);
        RedisValue[] abort = ["abort", moveToken, deadline];
        var source = await StepOrAbortAsync(activity, from, ["begin", now, store.Expiry.IdleMs, store.Expiry.AbsoluteMs, moveToken, deadline, lockToken ?? string.Empty], from, abort);
        if (source.Result != ScriptResult.Ok)
        {
            return new(Moved(activity, source.Result, from, to, 0), null);
        }

        var ttl = source.Long(0);
        var fields = source.Array(2);

        // The binding is written after the copied fields, so a new sign-in's binding replaces an old one.
        RedisValue[] copy = ["copy", ttl, lockToken ?? string.Empty, source.Long(1), .. fields.Select(field => (RedisValue)field), .. bind ?? []];
        var copied = await StepOrAbortAsync(activity, to, copy, from, abort);
        if (copied.Result != ScriptResult.Ok)
        {
            AbortMove(activity, from, abort);
            return new(Moved(activity, copied.Result, from, to, 0), null);
        }

        StoreReply ended;
        try
        {
            ended = await StepAsync(activity, from, ["end", moveToken, deadline, store.NowMs]);
        }
        catch (SessionStoreUnavailableException exception)
        {
            // The new id holds the data now, so it is the one the browser must get. If the old id was not
            // buried it comes back at the move's deadline, holding only what it held before the sign-in.
            SessionLog.OldIdNotRetired(store.Logger, from.LogHash, exception);
            return new(Moved(activity, ScriptResult.Ok, from, to, ttl), fields);
        }

        if (ended.Result != ScriptResult.Ok)
        {
            // The move outlived its deadline and the old session is live again: this copy must not stay.
            await StepAsync(activity, to, ["discard"]);
        }

        return new(Moved(activity, ended.Result, from, to, ttl), ended.Result == ScriptResult.Ok ? fields : null);
    }

    // Sent at once and not awaited: the request has its answer already, and if this fails too, the move's
    // deadline gives the session back.
    private void AbortMove(Activity? activity, SessionHandle from, RedisValue[] abort) =>
        _ = RunQuietlyAsync(StepAsync(activity, from, abort));

    // A step that met an outage may still run late (a stalled Redis runs what it holds once it resumes; a late copy
    // lands under an id nobody holds, and expires): an abort queued behind it on the same connection gives the
    // session back at once rather than at the move's deadline.
    private async Task<StoreReply> StepOrAbortAsync(Activity? activity, SessionHandle session, RedisValue[] args, SessionHandle from, RedisValue[] abort)
    {
        try
        {
            return await StepAsync(activity, session, args);
        }
        catch (SessionStoreUnavailableException)
        {
            AbortMove(activity, from, abort);
            throw;
        }
    }

    /// <summary>One step of move.lua on <paramref name="session"/> and its lock.</summary>
    private Task<StoreReply> StepAsync(Activity? activity, SessionHandle session, RedisValue[] args) =>
        store.Calls.RunAsync(SessionOperation.Regenerate, activity, StoreScripts.Move, [store.Schema.SessionKey(session), store.Schema.LockKey(session)], args);

    internal static async Task RunQuietlyAsync(Task call)
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

        SessionLog.Regenerated(store.Logger, from.LogHash, to.LogHash);
        return new WriteResult(ScriptResult.Ok, store.Time.GetUtcNow().AddMilliseconds(ttl), 0);
    }
}
