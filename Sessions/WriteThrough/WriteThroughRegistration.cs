using SessionSample.Sessions;
using SessionSample.Sessions.WriteThrough;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers write-through, a module of the Redis session store.</summary>
public static class WriteThroughRegistration
{
    /// <summary>
    /// Adds the writes that reach Redis at once, outside the commit at the end of the request, and flash messages
    /// (<see cref="RedisSessionWriteThrough"/>): counters (<c>IncrementAsync</c>), <c>SetNowAsync</c>/<c>RemoveNowAsync</c>,
    /// and <c>AddFlashAsync</c>/<c>TakeFlashesAsync</c> (a take removes the stored flashes at once). Without it, each of
    /// those calls throws an <see cref="InvalidOperationException"/> naming this call.
    /// </summary>
    public static IRedisSessionsBuilder AddWriteThrough(this IRedisSessionsBuilder builder) =>
        builder.AddModule(SessionModule.WriteThrough, _ => { }, CounterStore.Increment, CounterStore.Swap);
}
