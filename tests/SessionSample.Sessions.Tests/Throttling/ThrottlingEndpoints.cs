using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SessionSample.Sessions.Tests.Throttling;

/// <summary>
/// A sign-in endpoint wired as ApiService's: the attempt reserved before the credentials are checked, released
/// when they are right. Every test client connects from loopback, so a test names the client's address in
/// <see cref="AddressHeader"/>, as a deployer's ForwardedHeaders would set it from X-Forwarded-For.
/// </summary>
public static class ThrottlingEndpoints
{
    public const string AddressHeader = "X-Test-Client-Address";
    public const string RightPassword = "right";

    public static void MapThrottlingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/throttled-sign-in", async (HttpContext context, SignInThrottle throttle, string user, string password) =>
        {
            if (context.Request.Headers[AddressHeader] is [{ } address])
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }

            var attempt = await throttle.ReserveAsync(user, context.Connection.RemoteIpAddress, context.RequestAborted);
            if (password != RightPassword)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
            }

            await throttle.ReleaseAsync(attempt, context.RequestAborted);
            return Results.NoContent();
        });
    }
}
