using System.Globalization;
using System.Text;

namespace SessionSample.Sessions.WriteThrough;

/// <summary>Flash messages in Redis: each its own field, named in time order, taken (deleted) by load.lua's 'take' mode.</summary>
internal static class FlashStore
{
    private static long s_sequence;

    /// <summary>A new flash's field: time, then a sequence, then a random tail, so names sort in the order added and two apps never collide.</summary>
    public static string NewField(TimeProvider time) => string.Create(
        CultureInfo.InvariantCulture,
        $"{SessionSchema.FlashPrefix}{time.GetUtcNow().ToUnixTimeMilliseconds():D13}-{Interlocked.Increment(ref s_sequence):D10}-{Random.Shared.Next():x8}");

    public static async Task<FlashResult> TakeAsync(SessionStore store, SessionHandle session)
    {
        using var activity = SessionTelemetry.Start("session.flash", session.LogHash, SessionOperation.Flash);
        var reply = await store.SlideAsync(SessionOperation.Flash, activity, session, store.NowMs, "take");
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
            if (store.Values.TryOpen((byte[])fields[i + 1]!, out var message))
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
            store.Unreadable(session, unreadable);
        }

        SessionTelemetry.Loaded(activity, ScriptResult.Ok, flashes.Count, 0);
        SessionLog.FlashesTaken(store.Logger, session.LogHash, flashes.Count);
        return new FlashResult(ScriptResult.Ok, reply.Long(0), flashes);
    }
}
