using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionSample.Sessions;
using SessionSample.Sessions.Users;

namespace SessionSample.ApiService.Apis;

/// <summary>
/// The signed-in user's sessions ("your devices"): list them, end one, end all others, end all. Every
/// endpoint needs a sign-in (401 problem+json otherwise, never a redirect); a handle that is not one of this
/// user's live sessions is 404 whoever it belongs to, so nothing tells one user about another's sessions.
/// </summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sessions").WithTags("Sessions").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/", ListAsync).WithName("ListSessions")
            .WithSummary("The signed-in user's live sessions, newest first; current marks this one.");
        api.MapDelete("/{handle}", EndAsync).WithName("EndSession")
            .WithSummary("Ends one of the user's sessions and its sign-in at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/sign-out-others", SignOutOthersAsync).WithName("SignOutOtherSessions")
            .WithSummary("Ends every session of the user but this one.");
        api.MapPost("/sign-out-everywhere", SignOutEverywhereAsync).WithName("SignOutEverywhere")
            .WithSummary("Ends every session of the user, this one included.");

        return app;
    }

    private static async Task<Ok<SessionList>> ListAsync(HttpContext context, ClaimsPrincipal user, ISessionUsers users, CancellationToken cancellationToken)
    {
        var current = context.GetRedisSession().Id;
        var sessions = await users.ListAsync(user.Identity!.Name!, cancellationToken);
        return TypedResults.Ok(new SessionList([.. sessions.Select(session => new SessionItem(
            session.Handle, session.CreatedAt, session.LastSeenAt, session.ExpiresAt, session.Device, session.Handle == current))]));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndAsync(
        string handle, HttpContext context, ClaimsPrincipal user, ISessionUsers users, CancellationToken cancellationToken)
    {
        if (!await users.EndAsync(user.Identity!.Name!, handle, SessionEndReason.Revoked, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such session",
                detail: "You have no live session with this handle.");
        }

        if (handle == context.GetRedisSession().Id)
        {
            // This very session ended: the response forgets its cookies too.
            await SignOutHereAsync(context, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutOthersAsync(HttpContext context, ClaimsPrincipal user, ISessionUsers users, CancellationToken cancellationToken)
    {
        await users.EndAllAsync(user.Identity!.Name!, context.GetRedisSession().Id, SessionEndReason.SignedOutEverywhere, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SignOutEverywhereAsync(HttpContext context, ClaimsPrincipal user, ISessionUsers users, CancellationToken cancellationToken)
    {
        await users.EndAllAsync(user.Identity!.Name!, exceptHandle: null, SessionEndReason.SignedOutEverywhere, cancellationToken);
        await SignOutHereAsync(context, cancellationToken);
        return TypedResults.NoContent();
    }

    // The session is already a tombstone: invalidating it here only starts a fresh one and deletes the cookie.
    private static async Task SignOutHereAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.GetRedisSession().InvalidateAsync(cancellationToken);
        await context.SignOutAsync(SharedAuthentication.Scheme);
    }
}

/// <summary>The answer of <c>GET /api/sessions</c>.</summary>
public sealed record SessionList(IReadOnlyList<SessionItem> Sessions);

/// <param name="Handle">Names the session in <c>DELETE /api/sessions/{handle}</c>; it cannot open a session.</param>
/// <param name="LastSeenAt">Null when the absolute lifetime, not the idle timeout, sets the expiry.</param>
/// <param name="Device">A short summary of the user agent it signed in with, such as "Firefox on Linux".</param>
/// <param name="Current">Whether it is the session this request came with.</param>
public sealed record SessionItem(
    string Handle,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset ExpiresAt,
    string Device,
    bool Current);
