using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>The write-throughs with replies of their own: an increment (of a plain counter: HINCRBY) and a flash take.</summary>
internal sealed partial class SessionStore
{
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
        var args = new ScriptArgs<IncrementArg>();
        var now = NowMs;
        args[IncrementArg.Now] = now;
        args[IncrementArg.IdleMs] = _idleMs;
        args[IncrementArg.AbsoluteMs] = _absoluteMs;
        args[IncrementArg.Create] = create ? 1 : 0;
        args[IncrementArg.LimitBytes] = Options.HardSessionBytes;
        args[IncrementArg.Delta] = delta.ToString(CultureInfo.InvariantCulture);
        args[IncrementArg.Field] = field;
        args[IncrementArg.BaseKind] = seen is null ? 0 : seen.Value.Value is null ? 2 : 1;
        args[IncrementArg.Base] = seen?.Value ?? RedisValue.EmptyString;
        var reply = await RunAsync(SessionOperation.Increment, activity, SessionScripts.Increment, Schema.SessionKey(session), args.Values);
        SessionTelemetry.Wrote(activity, SessionOperation.Increment, reply.Result, 1, 0, 0);
        if (reply.Result != ScriptResult.Ok)
        {
            var refused = new WriteResult(reply.Result, null, reply.Result == ScriptResult.TooLarge ? reply.Detail : 0);
            LogWrite(session.LogHash, SessionOperation.Increment, refused, [field], [], 0);
            return new IncrementResult(reply.Result, 0, null, 0, null, refused.Bytes);
        }

        // The stored text, parsed here: a Lua number would have rounded anything past 2^53.
        var text = (byte[])reply.Get(IncrementReply.Value)!;
        var number = long.Parse(Encoding.ASCII.GetString(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var written = new WriteResult(ScriptResult.Ok, ExpiryAfter(now, (long)reply.Get(IncrementReply.Ttl)), (long)reply.Get(IncrementReply.Bytes));
        LogWrite(session.LogHash, SessionOperation.Increment, written, [field], [], SessionSnapshot.SizeOf(field, text));
        return new IncrementResult(ScriptResult.Ok, number, text, text.Length, written.ExpiresAt, written.Bytes);
    }

    public async Task<FlashResult> TakeFlashesAsync(SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.flash", session.LogHash, SessionOperation.Flash);
        var reply = await RunAsync(SessionOperation.Flash, activity, SessionScripts.TakeFlashes, Schema.SessionKey(session), Touch(NowMs).Values);
        if (reply.Result != ScriptResult.Ok)
        {
            SessionTelemetry.Loaded(activity, reply.Result, 0, 0);
            return new FlashResult(reply.Result, 0, []);
        }

        var fields = (RedisResult[])reply.Get(FlashReply.Flashes)!;
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
        return new FlashResult(ScriptResult.Ok, (long)reply.Get(FlashReply.Bytes), flashes);
    }
}
