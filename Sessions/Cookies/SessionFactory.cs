using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SessionSample.Sessions;

/// <summary>
/// The one way a <see cref="RedisSession"/> is built: the middleware builds one per request over the request's
/// cookies; tests build one over a stand-in for the browser (<see cref="ISessionCookieJar"/>), with no server and no HttpContext.
/// </summary>
internal sealed class SessionFactory(SessionStore store, SessionCookieCodec codec, SessionCookieSettings settings, SessionActivity activity, SessionModules modules, IServiceProvider services)
{
    // The sign-in binding module's seam; null without AddSignInBinding().
    private readonly ISessionBinder? _binder = services.GetService<ISessionBinder>();

    public RedisSession Create(ISessionCookieJar jar) => Create(new SessionCookie(jar, codec, store.Logger));

    /// <summary>
    /// The request's session. Its cookie is kept per HttpContext, so a re-execution (the error page) continues from
    /// the id the failed attempt left.
    /// </summary>
    public RedisSession Create(HttpContext context)
    {
        if (context.Features.Get<SessionCookie>() is not { } cookie)
        {
            cookie = new SessionCookie(new HttpSessionCookieJar(context, settings), codec, store.Logger);
            context.Features.Set(cookie);
        }

        return Create(cookie);
    }

    private RedisSession Create(SessionCookie cookie) => new(store, cookie, activity, modules, _binder);
}
