namespace SessionSample.Sessions.WriteThrough;

/// <summary>
/// The increment of an encrypted counter. HINCRBY cannot add to ciphertext, so the value is read, decrypted,
/// added to and encrypted here, then swapped in only if the field still holds what was read; when another
/// increment got there first the swap answers what it found, and the addition is redone from that. As atomic
/// as HINCRBY (no increment is lost or applied twice), at two round trips instead of one, plus one per lost race.
/// </summary>
internal static class SealedIncrement
{
    // Each lost race means another increment of the same key of the same session won, so with n increments at
    // once the last one needs n attempts: this bounds how many may race (each gets a short random pause after
    // its second loss, so they spread out); beyond it the increment answers SessionCounterException.
    private const int MaxSwapAttempts = 64;

    /// <param name="seen">As for <see cref="CounterStore.IncrementAsync"/>: this request's own view of the field, which then decides the base.</param>
    public static async Task<WrittenNow> RunAsync(SessionStore store, SessionHandle session, bool create, string field, long delta, PendingValue? seen)
    {
        using var activity = SessionTelemetry.Start("session.commit", session.LogHash, SessionOperation.Increment);

        // Like the plain increment, a base this request knows (its pending value, or nothing in a new session) is
        // written over whatever Redis holds; otherwise the stored value is read first.
        var kind = create || seen is not null ? SwapKind.Any : SwapKind.Read;
        var basis = seen?.Value;
        byte[]? expected = null;
        for (var attempt = 0; attempt < MaxSwapAttempts; attempt++)
        {
            var now = store.NowMs;
            byte[] text = [];
            byte[] stored = [];
            if (kind != SwapKind.Read)
            {
                var sum = SessionCounter.TryAdd(basis, delta, out _, out text);
                if (sum != ScriptResult.Ok)
                {
                    return CounterStore.Refused(sum, 0);
                }

                stored = store.Values.Seal(text);
            }

            var reply = await store.RunAsync(
                SessionOperation.Increment, activity, CounterStore.Swap, store.Schema.SessionKey(session),
                [now, store.Expiry.IdleMs, store.Expiry.AbsoluteMs, create ? 1 : 0, store.Options.HardSessionBytes, field, (int)kind, expected ?? StackExchange.Redis.RedisValue.EmptyString, stored]);
            if (reply.Result == ScriptResult.Conflict)
            {
                expected = reply.Found;
                kind = expected is null ? SwapKind.Absent : SwapKind.Exactly;
                basis = null;
                if (expected is not null && !store.Values.TryOpen(expected, out basis))
                {
                    store.Unreadable(session, [field]);
                    return CounterStore.Refused(ScriptResult.NotInteger, 0);
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
                return CounterStore.Refused(reply.Result, reply.WouldBeBytes);
            }

            var written = store.WriteResultOf(reply, now);
            store.LogWrite(session.LogHash, SessionOperation.Increment, written, [field], [], SessionSnapshot.SizeOf(field, stored));
            return new WrittenNow(written, text, stored.Length);
        }

        SessionTelemetry.Wrote(activity, SessionOperation.Increment, ScriptResult.Conflict, 1, 0, 0);
        return CounterStore.Refused(ScriptResult.Conflict, 0);
    }
}

/// <summary>What a swap requires of the field before it writes (the numbers swap.lua compares).</summary>
internal enum SwapKind
{
    Any = 0,
    Exactly = 1,
    Absent = 2,

    /// <summary>Write nothing: only answer what the field holds.</summary>
    Read = 3,
}
