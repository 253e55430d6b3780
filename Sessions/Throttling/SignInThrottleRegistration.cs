using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionSample.Sessions;
using SessionSample.Sessions.Throttling;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the sign-in throttle, a module of the Redis session store.</summary>
public static class SignInThrottleRegistration
{
    /// <summary>
    /// Adds <see cref="SignInThrottle"/>: failed sign-ins counted per user name and per client address in the sessions
    /// Redis, bound from <c>Sessions:SignInThrottle</c>. Invalid limits fail at startup with the reason.
    /// </summary>
    public static IRedisSessionsBuilder AddSignInThrottle(this IRedisSessionsBuilder builder, Action<SignInThrottleOptions>? configure = null) =>
        builder.AddModule(SessionModule.SignInThrottle, services =>
        {
            services.AddModuleOptions(SignInThrottleOptions.SectionName, configure)
                .Validate(o => o.MaxFailures >= 1 && o.MaxFailuresPerAddress >= 1 && o.Window >= TimeSpan.FromSeconds(1), "Sessions:SignInThrottle: MaxFailures and MaxFailuresPerAddress must be at least 1 and Window at least 1 second.")
                .ValidateOnStart();
            services.TryAddSingleton(provider => new SignInThrottle(
                provider.GetRequiredService<IConnectionMultiplexer>(),
                provider.GetRequiredService<IOptions<RedisSessionOptions>>(),
                provider.GetRequiredService<IOptions<SignInThrottleOptions>>()));
        },
        SignInThrottle.Script);
}
