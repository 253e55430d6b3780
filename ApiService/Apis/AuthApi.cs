using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionSample.ApiService.Auth;
using SessionSample.Sessions;
using SessionSample.Sessions.Throttling;
using SessionSample.Sessions.WriteThrough;

namespace SessionSample.ApiService.Apis;

/// <summary>Sign-in and sign-out: the session id changes at sign-in (fixation) and the session is deleted at sign-out.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Authentication")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/login", LoginAsync).WithName("Login")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/logout", LogoutAsync).WithName("Logout");
        api.MapGet("/me", GetCurrentUser).WithName("GetCurrentUser").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return app;
    }

    private static async Task<Results<Ok<UserInfo>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, DemoUserStore users, SignInThrottle throttle, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            return Validation.Problem("userName", "The user name is required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            return Validation.Problem("password", "The password is required.");
        }

        // Checked before the throttle normalises the name and the hasher encodes the password: either would fail
        // (500) or quietly turn a broken character into another one.
        if (!Validation.IsText(request.UserName))
        {
            return Validation.Problem("userName", NotText("user name"));
        }

        if (!Validation.IsText(request.Password))
        {
            return Validation.Problem("password", NotText("password"));
        }

        // 429 with Retry-After once this name or this address failed too often (SignInThrottledException). The
        // attempt counts as a failure before the password is checked, so parallel guesses cannot outrun the count;
        // a wrong password leaves it counted, a right one takes it back.
        var attempt = await throttle.ReserveAsync(request.UserName, context.Connection.RemoteIpAddress, cancellationToken);
        if (users.FindByCredentials(request.UserName, request.Password) is not { } user)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed",
                detail: "The user name or the password is wrong.");
        }

        await throttle.ReleaseAsync(attempt, cancellationToken);

        // The user name goes into the session first, while it still has its old id: a session without room for it
        // refuses the sign-in (413) before anything else changes, so no new id, binding, index entry or cap eviction
        // is left behind by a refused sign-in. The move then carries it along with the rest of the data.
        var session = context.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        var shownBefore = session.TryGetValue(SessionKeys.UserName, out var value) ? value : null;
        await session.SetNowAsync(SessionKeys.UserName, Encoding.UTF8.GetBytes(user.UserName), cancellationToken);
        try
        {
            // A new id (an id an attacker planted before sign-in now finds nothing; the data moves along), bound to
            // the user and listed under them within the cap; the sign-in cookie then lives only as long as that session.
            await context.SignInWithRedisSessionAsync(user.UserName, cancellationToken: cancellationToken);
        }
        catch
        {
            await RestoreShownUserAsync(session, shownBefore);
            throw;
        }

        return TypedResults.Ok(new UserInfo(user.UserName));
    }

    /// <summary>A sign-in that failed leaves the session showing whom it showed before; best effort, as the failure is what the client hears.</summary>
    private static async Task RestoreShownUserAsync(IRedisSession session, byte[]? shownBefore)
    {
        try
        {
            if (shownBefore is null)
            {
                await session.RemoveNowAsync(SessionKeys.UserName);
            }
            else
            {
                await session.SetNowAsync(SessionKeys.UserName, shownBefore);
            }
        }
        catch (Exception exception) when (SessionFailure.From(exception) is not null)
        {
            // The store is out of reach or the session ended meanwhile: there is nothing left to correct.
        }
    }

    private static string NotText(string field) =>
        $"The {field} is not valid text: it holds an unpaired surrogate or a noncharacter such as U+FFFE.";

    private static async Task<NoContent> LogoutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.GetRedisSession().InvalidateAsync(cancellationToken);
        await context.SignOutAsync(SharedAuthentication.Scheme);
        return TypedResults.NoContent();
    }

    private static Ok<UserInfo> GetCurrentUser(ClaimsPrincipal user) =>
        TypedResults.Ok(new UserInfo(user.Identity!.Name!));
}

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record UserInfo(string UserName);
