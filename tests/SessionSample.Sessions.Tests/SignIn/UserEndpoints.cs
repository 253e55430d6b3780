using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace SessionSample.Sessions.Tests.SignIn;

public sealed record SignedInView(string UserName, string Handle);

public sealed record ListedSession(string Handle, DateTimeOffset? CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset ExpiresAt, string Device);

/// <summary>Every lifecycle event an app raised, in order.</summary>
public sealed class RecordedEvents : ISessionEvents
{
    private readonly ConcurrentQueue<SessionEvent> _events = new();

    public IReadOnlyList<SessionEvent> All => [.. _events];

    public void OnSessionEvent(SessionEvent sessionEvent) => _events.Enqueue(sessionEvent);
}

/// <summary>Sign-in, sign-out and a user's sessions, as an app would wire them (the ApiService's SessionsApi does the same over HTTP).</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/users/sign-in/{user}", async (HttpContext context, string user) =>
        {
            await context.SignInWithRedisSessionAsync(user);
            return TypedResults.Ok(new SignedInView(user, context.GetRedisSession().Id));
        });

        app.MapGet("/users/me", (HttpContext context, ClaimsPrincipal user) =>
            TypedResults.Ok(new SignedInView(user.Identity!.Name!, context.GetRedisSession().Id))).RequireAuthorization();

        app.MapPost("/users/sign-out", async (HttpContext context) =>
        {
            await context.GetRedisSession().InvalidateAsync();
            await context.SignOutAsync(SharedAuthentication.Scheme);
            return TypedResults.NoContent();
        });

        app.MapPost("/users/regenerate", async (HttpContext context) =>
        {
            await context.GetRedisSession().RegenerateIdAsync();
            return TypedResults.Ok(new SignedInView(context.User.Identity!.Name!, context.GetRedisSession().Id));
        }).RequireAuthorization();

        app.MapGet("/users/sessions", async (ClaimsPrincipal user, ISessionUsers users) =>
            TypedResults.Ok((await users.ListAsync(user.Identity!.Name!)).Select(session =>
                new ListedSession(session.Handle, session.CreatedAt, session.LastSeenAt, session.ExpiresAt, session.Device)).ToList()))
            .RequireAuthorization();

        app.MapDelete("/users/sessions/{handle}", async (ClaimsPrincipal user, ISessionUsers users, string handle) =>
            await users.EndAsync(user.Identity!.Name!, handle, SessionEndReason.Revoked)
                ? Results.NoContent()
                : Results.NotFound()).RequireAuthorization();

        app.MapPost("/users/sign-out-others", async (HttpContext context, ClaimsPrincipal user, ISessionUsers users) =>
            TypedResults.Ok(await users.EndAllAsync(user.Identity!.Name!, context.GetRedisSession().Id, SessionEndReason.SignedOutEverywhere)))
            .RequireAuthorization();

        app.MapPost("/users/sign-out-everywhere", async (ClaimsPrincipal user, ISessionUsers users) =>
            TypedResults.Ok(await users.EndAllAsync(user.Identity!.Name!, null, SessionEndReason.SignedOutEverywhere)))
            .RequireAuthorization();
    }
}
