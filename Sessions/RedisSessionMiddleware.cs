using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions;

/// <summary>
/// Gives each request its <see cref="RedisSession"/> (also <c>HttpContext.Session</c>), takes the
/// session lock where an endpoint asks for it, and commits before the response starts. Replaces the
/// built-in SessionMiddleware, which cannot change a session id.
/// </summary>
internal sealed class RedisSessionMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SessionStore _store;
    private readonly SessionCookieCodec _codec;
    private readonly string _cookieName;
    private readonly CookieSecurePolicy _securePolicy;

    public RedisSessionMiddleware(
        RequestDelegate next,
        SessionStore store,
        SessionCookieCodec codec,
        IOptions<RedisSessionOptions> options,
        IHostEnvironment environment)
    {
        _next = next;
        _store = store;
        _codec = codec;
        _cookieName = options.Value.Cookie.Name;
        _securePolicy = options.Value.Cookie.SecurePolicy
            ?? (environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var session = new RedisSession(context, _store, _codec, _securePolicy, context.Request.Cookies[_cookieName]);
        context.Features.Set<ISessionFeature>(new RedisSessionFeature(session));

        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        context.Features.Set<IHttpResponseBodyFeature>(new CommitBeforeResponseBodyFeature(originalBody, session));

        SessionLockLease? lease = null;
        try
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ISessionLockMetadata>() is { } lockMetadata)
            {
                lease = await session.AcquireLockAsync(lockMetadata, context.RequestAborted);
            }

            await _next(context);

            if (!context.Response.HasStarted)
            {
                // No body was written (a redirect, a 204...): commit now, still before the response.
                await session.CommitBeforeResponseAsync();
            }
        }
        catch
        {
            // A failed request writes nothing: its changes may be half done.
            session.Abandon();
            throw;
        }
        finally
        {
            context.Features.Set(originalBody);
            if (lease is not null)
            {
                await session.ReleaseLockAsync(lease);
            }
        }
    }
}

internal sealed class RedisSessionFeature(RedisSession session) : ISessionFeature
{
    public ISession Session { get; set; } = session;
}
