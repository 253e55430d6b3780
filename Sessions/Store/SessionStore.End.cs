using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>The writes besides a commit: an end and a touch.</summary>
internal sealed partial class SessionStore
{
    /// <summary>
    /// Ends the session: its data is deleted and a tombstone refuses late writes. <paramref name="force"/> (ended
    /// from elsewhere) ends it in the middle of a move too. On success, also returns its stored user field.
    /// </summary>
    public async Task<EndResult> EndAsync(SessionHandle session, bool force = false)
    {
        using var activity = SessionTelemetry.Start("session.invalidate", session.LogHash, SessionOperation.Invalidate);
        var reply = await RunAsync(SessionOperation.Invalidate, activity, StoreScripts.End, Schema.SessionKey(session), [NowMs, force ? 1 : 0]);
        SessionTelemetry.Wrote(activity, SessionOperation.Invalidate, reply.Result, 0, 0, 0);
        SessionLog.Invalidated(Logger, session.LogHash, SessionTelemetry.OutcomeOf(reply.Result));
        return new EndResult(reply.Result, reply.Result == ScriptResult.Ok ? (RedisValue)reply[0] : RedisValue.Null);
    }

    /// <summary>Slides the expiry of a session a request used without reading it.</summary>
    public async Task<ScriptResult> TouchAsync(SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.touch", session.LogHash, SessionOperation.Touch);
        var reply = await SlideAsync(SessionOperation.Touch, activity, session, NowMs, "touch");
        SessionTelemetry.Wrote(activity, SessionOperation.Touch, reply.Result, 0, 0, 0);
        return reply.Result;
    }
}
