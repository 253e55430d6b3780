using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The increment of an encrypted counter. HINCRBY cannot add to ciphertext, so the value is read, decrypted,
/// added to and encrypted here, then swapped in only if the field still holds what was read; when another
/// increment got there first the swap answers what it found, and the addition is redone from that. As atomic
/// as HINCRBY (no increment is lost or applied twice), at two round trips instead of one, plus one per lost race.
/// </summary>
internal sealed partial class SessionStore
{
    // Each lost race means another increment of the same key of the same session won, so with n increments at
    // once the last one needs n attempts: this bounds how many may race (each gets a short random pause after
    // its second loss, so they spread out); beyond it the increment answers SessionCounterException.
    private const int MaxSwapAttempts = 64;

    /// <param name="seen">As for <see cref="IncrementAsync"/>: this request's own view of the field, which then decides the base.</param>
    private async Task<IncrementResult> IncrementSealedAsync(SessionHandle session, bool create, string field, long delta, PendingValue? seen = null)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, SessionOperation.Increment);

        // Like the plain increment, a base this request knows (its pending value, or nothing in a new session) is
        // written over whatever Redis holds; otherwise the stored value is read first.
        var kind = create || seen is not null ? SwapKind.Any : SwapKind.Read;
        var basis = seen?.Value;
        byte[]? expected = null;
        for (var attempt = 0; attempt < MaxSwapAttempts; attempt++)
        {
            var now = NowMs;
            long value = 0;
            byte[] text = [];
            byte[] stored = [];
            if (kind != SwapKind.Read)
            {
                var sum = SessionCounter.TryAdd(basis, delta, out value, out text);
                if (sum != ScriptResult.Ok)
                {
                    return Refused(sum, 0);
                }

                stored = Values.Seal(text);
            }

            var reply = await RunAsync(
                SessionOperation.Increment, activity, StoreScripts.Swap, Schema.SessionKey(session),
                [now, Expiry.IdleMs, Expiry.AbsoluteMs, create ? 1 : 0, Options.HardSessionBytes, field, (int)kind, expected ?? RedisValue.EmptyString, stored]);
            if (reply.Result == ScriptResult.Conflict)
            {
                expected = reply.Found;
                kind = expected is null ? SwapKind.Absent : SwapKind.Exactly;
                basis = null;
                if (expected is not null && !Values.TryOpen(expected, out basis))
                {
                    Unreadable(session, [field]);
                    return Refused(ScriptResult.NotInteger, 0);
                }

                if (attempt >= 1)
                {
                    await Task.Delay(Random.Shared.Next(1, Math.Min(attempt, 10) + 1));
                }

                continue;
            }

            SessionTelemetry.Wrote(activity, SessionOperation.Increment, reply.Result, 1, 0, 0);
            if (reply.Result != ScriptResult.Ok)
            {
                return Refused(reply.Result, reply.WouldBeBytes);
            }

            var written = WriteResultOf(reply, now);
            LogWrite(session.LogHash, SessionOperation.Increment, written, [field], [], SessionSnapshot.SizeOf(field, stored));
            return new IncrementResult(ScriptResult.Ok, value, text, stored.Length, written.ExpiresAt, written.Bytes);
        }

        SessionTelemetry.Wrote(activity, SessionOperation.Increment, ScriptResult.Conflict, 1, 0, 0);
        return Refused(ScriptResult.Conflict, 0);
    }

    private static IncrementResult Refused(ScriptResult result, long bytes) => new(result, 0, null, 0, null, bytes);
}
