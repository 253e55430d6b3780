using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>
/// Gives each request its <see cref="RedisSession"/> (also <c>HttpContext.Session</c>), takes the session
/// lock where an endpoint asks for it, and commits when the response starts (<see cref="ResponseGate"/>),
/// then once more at the end for changes made after the start. Replaces the built-in SessionMiddleware,
/// which cannot change a session id.
/// <para>
/// What a request that fails half-way keeps: whatever already reached Redis (write-throughs such as
/// <c>SetNowAsync</c>, <c>IncrementAsync</c> and flash takes, an id change, an invalidation), and the cookie
/// that goes with it; its pending changes are discarded. A failure after the response started keeps what
/// the commit at the start wrote.
/// </para>
/// </summary>
internal sealed class RedisSessionMiddleware(
    RequestDelegate next,
    SessionStore store,
    SessionCookieCodec codec,
    SessionCookieSettings cookieSettings,
    SessionActivity activity,
    SessionModules modules,
    IServiceProvider services,
    ILogger<RedisSessionMiddleware> logger)
{
    // The sign-in binding module's seam; null without AddSignInBinding().
    private readonly ISessionBinder? _binder = services.GetService<ISessionBinder>();

    // The modules' parts in a request (the lock), run before the endpoint.
    private readonly ISessionRequestHook[] _hooks = [.. services.GetServices<ISessionRequestHook>()];

    public async Task InvokeAsync(HttpContext context)
    {
        var cookie = SessionCookie.For(context, codec, cookieSettings, logger);
        var session = new RedisSession(store, cookie, activity, modules, _binder);
        var previous = context.Features.Get<ISessionFeature>();
        var previousSignIn = context.Features.Get<ISessionSignInFeature>();
        context.Features.Set<ISessionFeature>(new RedisSessionFeature(session));
        if (modules.Has(SessionModule.SignInBinding))
        {
            // The sign-in binding module's seam: without the module, nothing can sign this session in.
            context.Features.Set<ISessionSignInFeature>(session);
        }

        var gate = ResponseGate.Install(context, session);
        try
        {
            foreach (var asked in context.GetEndpoint()?.Metadata.GetOrderedMetadata<ISessionModuleMetadata>() ?? [])
            {
                // An endpoint that asks for a module (the lock) fails while that module is not added, never runs without it.
                modules.Require(asked.Module);
            }

            foreach (var hook in _hooks)
            {
                await hook.BeforeAsync(context, session);
            }

            await next(context);

            // No body, or a body still in the gate: start now, still before the server sends anything.
            await gate.StartAndDrainAsync();
        }
        catch
        {
            session.Abandon();
            gate.Abandon();
            gate.Uninstall();
            context.Features.Set(previous);
            context.Features.Set(previousSignIn);
            await session.ReleaseHoldAsync();
            throw;
        }

        gate.Uninstall();
        context.Features.Set(previous);
        context.Features.Set(previousSignIn);
        try
        {
            await session.CompleteAsync();
        }
        finally
        {
            await session.ReleaseHoldAsync();
        }
    }
}

internal sealed class RedisSessionFeature(RedisSession session) : ISessionFeature
{
    public ISession Session { get; set; } = session;
}
