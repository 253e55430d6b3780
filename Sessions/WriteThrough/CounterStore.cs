using System.Globalization;
using StackExchange.Redis;

namespace SessionSample.Sessions.WriteThrough;

/// <summary>A counter's increment in Redis: HINCRBY for a plain one (increment.lua), a read and a swap for an encrypted one (<see cref="SealedIncrement"/>).</summary>
internal static class CounterStore
{
    /// <summary>HINCRBY of a plain counter.</summary>
    public static readonly StoreScript Increment = StoreScript.Embedded("increment");

    /// <summary>A conditional set of one field (an encrypted counter's step).</summary>
    public static readonly StoreScript Swap = StoreScript.Embedded("swap");

    /// <summary>
    /// Adds <paramref name="delta"/> to a counter at once. An encrypted counter is read and swapped, which is also how a
    /// counter encrypted earlier is counted on (and stored plain again) once encryption is off. On success the written
    /// value is the counter's decimal text.
    /// </summary>
    /// <param name="seen">What this request sees in the field when Redis holds something else (a pending value; null inside for a pending removal or clear); null to count from what is stored.</param>
    public static async Task<WrittenNow> IncrementAsync(SessionStore store, SessionHandle session, bool create, string field, long delta, PendingValue? seen)
    {
        if (!store.Values.Encrypts)
        {
            var plain = await IncrementPlainAsync(store, session, create, field, delta, seen);
            if (plain.Result.Result != ScriptResult.Sealed)
            {
                return plain;
            }
        }

        return await SealedIncrement.RunAsync(store, session, create, field, delta, seen);
    }

    public static WrittenNow Refused(ScriptResult result, long bytes) => new(new WriteResult(result, null, bytes), null, 0);

    private static async Task<WrittenNow> IncrementPlainAsync(SessionStore store, SessionHandle session, bool create, string field, long delta, PendingValue? seen)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, SessionOperation.Increment);
        var now = store.NowMs;

        // The base's kind (see increment.lua): 0 the field as stored, 1 the pending value first, 2 absent first.
        var baseKind = seen is null ? 0 : seen.Value.Value is null ? 2 : 1;
        var reply = await store.RunAsync(
            SessionOperation.Increment, activity, Increment, store.Schema.SessionKey(session),
            [now, store.Expiry.IdleMs, store.Expiry.AbsoluteMs, create ? 1 : 0, store.Options.HardSessionBytes, delta.ToString(CultureInfo.InvariantCulture), field, baseKind, seen?.Value ?? RedisValue.EmptyString]);
        SessionTelemetry.Wrote(activity, SessionOperation.Increment, reply.Result, 1, 0, 0);
        if (reply.Result != ScriptResult.Ok)
        {
            var refused = Refused(reply.Result, reply.WouldBeBytes);
            store.LogWrite(session.LogHash, SessionOperation.Increment, refused.Result, [field], [], 0);
            return refused;
        }

        // The stored text, kept as text: a Lua number would have rounded anything past 2^53.
        var text = (byte[])reply[1]!;
        var written = new WriteResult(ScriptResult.Ok, SessionExpiry.After(now, reply.Long(0)), reply.Long(2));
        store.LogWrite(session.LogHash, SessionOperation.Increment, written, [field], [], SessionSnapshot.SizeOf(field, text));
        return new WrittenNow(written, text, text.Length);
    }
}
