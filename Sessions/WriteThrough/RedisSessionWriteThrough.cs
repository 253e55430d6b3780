using System.Globalization;
using System.Text;

namespace SessionSample.Sessions.WriteThrough;

/// <summary>
/// Writes that reach Redis at once instead of at the commit (counters, <see cref="SetNowAsync"/>,
/// <see cref="RemoveNowAsync"/>) and flash messages: the write-through module, added by <c>AddWriteThrough()</c>.
/// Each throws an <see cref="InvalidOperationException"/> naming that call when the module was not added.
/// </summary>
public static class RedisSessionWriteThrough
{
    /// <summary>
    /// Adds <paramref name="delta"/> to an integer value in Redis at once (HINCRBY), with no load-modify-save
    /// race, and returns the new value. The value is stored as decimal text: read it with <c>GetString</c>.
    /// With value encryption (<c>AddValueEncryption()</c>) the counter is encrypted too: it is read, added to and
    /// swapped in only if unchanged meanwhile (two round trips instead of one, just as race-free).
    /// </summary>
    /// <exception cref="SessionCounterException">The value is not a 64-bit integer, the sum would leave that range, or the value kept changing; nothing was written.</exception>
    public static async Task<long> IncrementAsync(this IRedisSession session, string key, long delta = 1, CancellationToken cancellationToken = default)
    {
        var target = Target(session);
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        target.EnsureCanWriteNow(SessionOperation.Increment, key);

        // The increment starts from what this request sees: its own pending value, or nothing after a pending
        // removal or clear. That view travels with the increment (one round trip), and the request's other
        // pending changes stay pending.
        var seen = target.Pending(key);
        var written = await target.WriteNowAsync(
            SessionOperation.Increment, key, createsWhenMissing: true,
            (handle, create) => CounterStore.IncrementAsync(target.Store, handle, create, key, delta, seen));
        return written.Result.Result switch
        {
            ScriptResult.NotInteger => throw new SessionCounterException($"Session key '{key}' does not hold a 64-bit integer, so it cannot be incremented; nothing was written."),
            ScriptResult.Overflow => throw new SessionCounterException($"Adding {delta} to session key '{key}' would leave the 64-bit integer range; nothing was written."),
            ScriptResult.Conflict => throw new SessionCounterException($"Session key '{key}' kept changing under other increments while this one tried to apply; nothing was written."),
            _ => long.Parse(Encoding.ASCII.GetString(written.Value!), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Writes one value to Redis at once instead of at the end of the request (it still slides the expiry).</summary>
    /// <exception cref="SessionSizeLimitExceededException">The value or the session would exceed its hard limit; nothing was written.</exception>
    public static async Task SetNowAsync(this IRedisSession session, string key, byte[] value, CancellationToken cancellationToken = default)
    {
        var target = Target(session);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        target.EnsureCanWriteNow(SessionOperation.SetNow, key);
        var stored = target.SealNow(key, value);
        await WriteOneAsync(target, SessionOperation.SetNow, key, value, stored);
    }

    /// <summary>Removes one value from Redis at once.</summary>
    public static async Task RemoveNowAsync(this IRedisSession session, string key, CancellationToken cancellationToken = default)
    {
        var target = Target(session);
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        target.EnsureCanWriteNow(SessionOperation.RemoveNow, key);
        await WriteOneAsync(target, SessionOperation.RemoveNow, key, null, null);
    }

    /// <summary>
    /// Queues a message for the next request, in either app, that takes flash messages. It is saved with the
    /// request's other changes; each flash is its own field, so concurrent requests never overwrite one another's.
    /// </summary>
    public static Task AddFlashAsync(this IRedisSession session, string message, CancellationToken cancellationToken = default)
    {
        var target = Target(session);
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        // Encrypted like every value when the store encrypts: a flash is what the app tells the user, as personal as the rest.
        target.BufferFlash(FlashStore.NewField(target.Store.Time), Encoding.UTF8.GetBytes(message));
        return Task.CompletedTask;
    }

    /// <summary>Returns the queued flash messages, oldest first, and removes them: each is seen exactly once.</summary>
    public static async Task<IReadOnlyList<string>> TakeFlashesAsync(this IRedisSession session, CancellationToken cancellationToken = default)
    {
        var target = Target(session);
        cancellationToken.ThrowIfCancellationRequested();
        var taken = await target.TakeFlashesAsync(handle => FlashStore.TakeAsync(target.Store, handle));
        taken.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return taken.ConvertAll(static flash => flash.Value);
    }

    /// <summary>One key written to Redis now, outside the pending changes (which a pending clear must not wipe).</summary>
    private static Task<WrittenNow> WriteOneAsync(IWriteNowTarget target, SessionOperation operation, string key, byte[]? value, byte[]? stored)
    {
        var single = new SessionChangeSet();
        if (value is null)
        {
            single.Remove(key);
        }
        else
        {
            single.Set(key, value, stored);
        }

        return target.WriteNowAsync(operation, key, createsWhenMissing: value is not null, async (handle, create) =>
            new WrittenNow(await target.Store.CommitAsync(operation, handle, create, single), value, stored?.Length ?? 0));
    }

    private static IWriteNowTarget Target(IRedisSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var target = (session as IWriteNowSession)?.WriteNow
            ?? throw new InvalidOperationException("Write-throughs and flash messages need the session the Redis session middleware gives the request (HttpContext.GetRedisSession()).");
        target.Require(SessionModule.WriteThrough);
        return target;
    }
}
