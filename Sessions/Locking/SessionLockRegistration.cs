using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionSample.Sessions;
using SessionSample.Sessions.Locking;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the session lock, a module of the Redis session store.</summary>
public static class SessionLockRegistration
{
    /// <summary>
    /// Lets endpoints take the per-session lock (<c>RequireSessionLock()</c>, <c>[SessionLock]</c>). Without it, a
    /// request to an endpoint that asks for the lock fails with an <see cref="InvalidOperationException"/> naming this call.
    /// </summary>
    public static IRedisSessionsBuilder AddSessionLock(this IRedisSessionsBuilder builder) =>
        builder.AddModule(SessionModule.SessionLock, services =>
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ISessionRequestHook, SessionLockHook>()),
            SessionLockHook.Script);
}
