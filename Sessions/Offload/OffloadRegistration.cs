using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionSample.Sessions;
using SessionSample.Sessions.Offload;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers offload, a module of the Redis session store.</summary>
public static class OffloadRegistration
{
    /// <summary>
    /// Adds <see cref="SessionOffload"/>: large data parked in the <c>cache</c> Redis (the keyed
    /// <c>IConnectionMultiplexer</c> "cache"), with only a reference to it in the session.
    /// </summary>
    /// <remarks>The reference is written through at once (<c>SetNowAsync</c>), so offload adds the write-through module too.</remarks>
    public static IRedisSessionsBuilder AddOffload(this IRedisSessionsBuilder builder) =>
        builder.AddWriteThrough().AddModule(SessionModule.Offload, services => services.TryAddSingleton(provider => new SessionOffload(
            provider.GetRequiredKeyedService<IConnectionMultiplexer>("cache"),
            provider.GetRequiredService<IOptions<RedisSessionOptions>>(),
            provider.GetRequiredService<SessionValueCodec>(),
            provider.GetRequiredService<ILogger<SessionOffload>>())));
}
