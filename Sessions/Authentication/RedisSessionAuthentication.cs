using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionSample.Sessions;
using SessionSample.Sessions.Users;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A sign-in cookie that lives only as long as its Redis session. The cookie is a stateless ticket that no
/// sign-out can take back; bound, it carries the sign-in's id (<see cref="SignInClaimType"/>) and is honoured
/// only while the request's session is live, is signed in as the ticket's user and holds that sign-in id. So
/// sign-out, revoking, "sign out everywhere", idle expiry and the per-user cap end it at once, in every app.
/// </summary>
public static class RedisSessionAuthentication
{
    /// <summary>The claim with the id of the sign-in the cookie was issued with (random, not the session id).</summary>
    internal const string SignInClaimType = "urn:sessionsample:session-sign-in";

    /// <summary>
    /// Adds sign-in binding, a module of the Redis session store: binds sign-ins to the session (<see cref="SignInWithRedisSessionAsync"/>,
    /// <see cref="BindToRedisSession"/>) and keeps each user's sessions in an index: <see cref="ISessionUsers"/> (list, revoke, sign out
    /// everywhere, the cap of <see cref="RedisSessionOptions.MaxSessionsPerUser"/>, statistics) and the <see cref="ISessionEvents"/> the app registers.
    /// </summary>
    public static IRedisSessionsBuilder AddSignInBinding(this IRedisSessionsBuilder builder) =>
        builder.AddModule(SessionModule.SignInBinding, services =>
        {
            services.TryAddSingleton<SessionSignIn>();
            services.TryAddSingleton<ISessionBinder>(provider => provider.GetRequiredService<SessionSignIn>());
            services.TryAddSingleton<ISessionUsers>(provider => provider.GetRequiredService<SessionSignIn>());
        },
        UserIndexStore.Bind, UserIndexStore.Index, UserIndexStore.IndexAdd);

    /// <summary>
    /// Validates every authenticated request against its session: the check reuses the request's one session load
    /// (no extra round trip when the request reads its session anyway), rejects the principal unless the session names
    /// the same user and sign-in, deletes the sign-in cookie too unless the session was merely moved to a new id by
    /// another request (a regeneration, a sign-in), and fails closed (503) when Redis cannot be reached. Needs <c>UseRedisSessions()</c> before <c>UseAuthentication()</c>.
    /// </summary>
    public static CookieAuthenticationOptions BindToRedisSession(this CookieAuthenticationOptions options)
    {
        var inner = options.Events.OnValidatePrincipal;
        options.Events.OnValidatePrincipal = async context =>
        {
            await inner(context);
            if (context.Principal is not { } principal)
            {
                return;
            }

            var session = SignInOf(context.HttpContext);
            await session.LoadAsync(context.HttpContext.RequestAborted);
            if (!IsBoundTo(session, principal))
            {
                context.RejectPrincipal();

                // A session another request moved (or is moving) to a new id is not an ending: the sign-in lives on
                // there, and the browser has one cookie jar, so deleting the cookie here would sign that one out too.
                if (!session.FoundMoved)
                {
                    await context.HttpContext.SignOutAsync(context.Scheme.Name);
                }
            }
        };

        return options;
    }

    /// <summary>
    /// Signs the request in as <paramref name="userName"/>: <see cref="IRedisSession.SignInAsync"/> (new id, binding,
    /// the user's index and cap), then the sign-in cookie, bound to it. Call it once the credentials are checked.
    /// </summary>
    /// <exception cref="TooManySessionsException">The cap is reached and the policy refuses new sign-ins (409).</exception>
    /// <exception cref="InvalidOperationException"><c>UseRedisSessions()</c> is not in the pipeline, or <c>AddSignInBinding()</c> was not called.</exception>
    public static async Task SignInWithRedisSessionAsync(
        this HttpContext context, string userName, string scheme = SharedAuthentication.Scheme, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = SignInOf(context);
        await session.SignInAsync(userName, context.Request.Headers.UserAgent.ToString(), cancellationToken);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, userName), new Claim(SignInClaimType, session.SignInId!)],
            scheme);
        await context.SignInAsync(scheme, new ClaimsPrincipal(identity));
    }

    internal static bool IsBoundTo(ISessionSignInFeature session, ClaimsPrincipal principal)
    {
        var signIn = principal.FindFirst(SignInClaimType)?.Value;
        return signIn is not null
            && session.SignInId is { } bound
            && string.Equals(bound, signIn, StringComparison.Ordinal)
            && string.Equals(session.UserName, principal.Identity?.Name, StringComparison.Ordinal);
    }

    // The middleware's own session, whatever HttpContext.Session holds: the binding lives in the store, not in an ISession.
    // The middleware offers it only with the sign-in binding module added; a session without it names the missing call.
    private static ISessionSignInFeature SignInOf(HttpContext context) =>
        context.Features.Get<ISessionSignInFeature>()
        ?? throw (context.Features.Get<ISessionFeature>() is RedisSessionFeature
            ? SessionModules.NotAdded(SessionModule.SignInBinding)
            : new InvalidOperationException("No Redis session for this request: call builder.AddRedisSessions(), and app.UseRedisSessions() before app.UseAuthentication()."));
}
