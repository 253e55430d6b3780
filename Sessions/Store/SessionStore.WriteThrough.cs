using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>The writes besides a commit: an end, a touch, an increment (of a plain counter: HINCRBY) and a flash take.</summary>
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

    /// <summary>
    /// Adds <paramref name="delta"/> to a counter at once: HINCRBY for a plain one, a read and a swap for an encrypted
    /// one (<see cref="IncrementSealedAsync"/>), which is also how a counter encrypted earlier is counted on (and
    /// stored plain again) once encryption is off.
    /// </summary>
    /// <param name="seen">What this request sees in the field when Redis holds something else (a pending value; null inside for a pending removal or clear); null to count from what is stored.</param>
    public async Task<IncrementResult> IncrementAsync(SessionHandle session, bool create, string field, long delta, PendingValue? seen = null)
    {
        if (!Values.Encrypts)
        {
            var plain = await IncrementPlainAsync(session, create, field, delta, seen);
            if (plain.Result != ScriptResult.Sealed)
            {
                return plain;
            }
        }

        return await IncrementSealedAsync(session, create, field, delta, seen);
    }

    private async Task<IncrementResult> IncrementPlainAsync(SessionHandle session, bool create, string field, long delta, PendingValue? seen)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, SessionOperation.Increment);
        var now = NowMs;

        // The base's kind (see increment.lua): 0 the field as stored, 1 the pending value first, 2 absent first.
        var baseKind = seen is null ? 0 : seen.Value.Value is null ? 2 : 1;
        var reply = await RunAsync(
            SessionOperation.Increment, activity, StoreScripts.Increment, Schema.SessionKey(session),
            [now, Expiry.IdleMs, Expiry.AbsoluteMs, create ? 1 : 0, Options.HardSessionBytes, delta.ToString(CultureInfo.InvariantCulture), field, baseKind, seen?.Value ?? RedisValue.EmptyString]);
        SessionTelemetry.Wrote(activity, SessionOperation.Increment, reply.Result, 1, 0, 0);
        if (reply.Result != ScriptResult.Ok)
        {
            var refused = new WriteResult(reply.Result, null, reply.WouldBeBytes);
            LogWrite(session.LogHash, SessionOperation.Increment, refused, [field], [], 0);
            return new IncrementResult(reply.Result, 0, null, 0, null, refused.Bytes);
        }

        // The stored text, parsed here: a Lua number would have rounded anything past 2^53.
        var text = (byte[])reply[1]!;
        var number = long.Parse(Encoding.ASCII.GetString(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var written = new WriteResult(ScriptResult.Ok, SessionExpiry.After(now, reply.Long(0)), reply.Long(2));
        LogWrite(session.LogHash, SessionOperation.Increment, written, [field], [], SessionSnapshot.SizeOf(field, text));
        return new IncrementResult(ScriptResult.Ok, number, text, text.Length, written.ExpiresAt, written.Bytes);
    }

    public async Task<FlashResult> TakeFlashesAsync(SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.flash", session.LogHash, SessionOperation.Flash);
        var reply = await SlideAsync(SessionOperation.Flash, activity, session, NowMs, "take");
        if (reply.Result != ScriptResult.Ok)
        {
            SessionTelemetry.Loaded(activity, reply.Result, 0, 0);
            return new FlashResult(reply.Result, 0, []);
        }

        var fields = reply.Array(1);
        var flashes = new List<KeyValuePair<string, string>>(fields.Length / 2);
        List<string>? unreadable = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var field = (string)fields[i]!;
            if (Values.TryOpen((byte[])fields[i + 1]!, out var message))
            {
                flashes.Add(new(field, Encoding.UTF8.GetString(message)));
            }
            else
            {
                (unreadable ??= []).Add(field);
            }
        }

        if (unreadable is not null)
        {
            Unreadable(session, unreadable);
        }

        SessionTelemetry.Loaded(activity, ScriptResult.Ok, flashes.Count, 0);
        SessionLog.FlashesTaken(Logger, session.LogHash, flashes.Count);
        return new FlashResult(ScriptResult.Ok, reply.Long(0), flashes);
    }
}
