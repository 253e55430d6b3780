using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionSample.Sessions;
using SessionSample.Sessions.Users;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers sign-in binding, a module of the Redis session store.</summary>
public static class SignInBindingRegistration
{
    /// <summary>
    /// Binds sign-ins to the session (<c>SignInWithRedisSessionAsync</c>, <c>BindToRedisSession</c>) and keeps each
    /// user's sessions in an index: <see cref="ISessionUsers"/> (list, revoke, sign out everywhere, the cap of
    /// <see cref="RedisSessionOptions.MaxSessionsPerUser"/>, statistics) and the <see cref="ISessionEvents"/> the app registers.
    /// </summary>
    public static IRedisSessionsBuilder AddSignInBinding(this IRedisSessionsBuilder builder)
    {
        RedisSessionsBuilder.Enable(builder, SessionModule.SignInBinding, UserIndexStore.Bind, UserIndexStore.Index, UserIndexStore.IndexAdd);
        builder.Services.TryAddSingleton<SessionSignIn>();
        builder.Services.TryAddSingleton<ISessionBinder>(provider => provider.GetRequiredService<SessionSignIn>());
        builder.Services.TryAddSingleton<ISessionUsers>(provider => provider.GetRequiredService<SessionSignIn>().Users);
        return builder;
    }
}
