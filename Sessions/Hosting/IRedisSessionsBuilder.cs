using Microsoft.Extensions.DependencyInjection;

namespace SessionSample.Sessions;

/// <summary>
/// What <c>AddRedisSessions()</c> returns: the session store's core is registered, and each opt-in module is added by
/// its own call on this builder (<c>.AddSignInBinding()</c>, <c>.AddValueEncryption()</c>, <c>.AddSessionLock()</c>,
/// <c>.AddOffload()</c>, <c>.AddSignInThrottle()</c>, <c>.AddWriteThrough()</c>). A module not added does not run.
/// </summary>
public interface IRedisSessionsBuilder
{
    /// <summary>The app's services, for a module's registrations.</summary>
    IServiceCollection Services { get; }
}

internal sealed class RedisSessionsBuilder(IServiceCollection services) : IRedisSessionsBuilder
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Records that <paramref name="module"/> is added with its <paramref name="scripts"/> (idempotent), so the core's entry points into it run.</summary>
    public static IRedisSessionsBuilder Enable(IRedisSessionsBuilder builder, SessionModule module, params StoreScript[] scripts)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SessionModules.Of(builder.Services).Add(module, scripts);
        return builder;
    }
}
