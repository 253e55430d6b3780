using Microsoft.AspNetCore.Http.Features;
using SessionSample.Sessions;

namespace Microsoft.AspNetCore.Http;

/// <summary>The request's Redis session, for code that needs more than <see cref="ISession"/>.</summary>
public static class RedisSessionHttpContextExtensions
{
    /// <summary>The request's Redis session (the same object as <c>HttpContext.Session</c>).</summary>
    /// <exception cref="InvalidOperationException"><c>UseRedisSessions()</c> is not in the pipeline.</exception>
    public static IRedisSession GetRedisSession(this HttpContext context) =>
        context.Features.Get<ISessionFeature>()?.Session as IRedisSession
        ?? throw new InvalidOperationException("No Redis session for this request: call builder.AddRedisSessions() and app.UseRedisSessions() (after UseRouting).");
}
