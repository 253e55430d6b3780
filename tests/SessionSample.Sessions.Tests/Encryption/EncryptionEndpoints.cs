using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SessionSample.Sessions.Tests.Encryption;

public sealed record ParkedView(string Status, string? Text);

/// <summary>The write paths that take a text value of the test's choosing, so a test can look for that text in Redis.</summary>
public static class EncryptionEndpoints
{
    public static void MapEncryptionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/enc/set-now/{key}", async (HttpContext context, string key, string value) =>
        {
            await context.GetRedisSession().SetNowAsync(key, Encoding.UTF8.GetBytes(value));
            return TypedResults.NoContent();
        });

        app.MapPost("/enc/park/{key}", async (HttpContext context, SessionOffload offload, string key, string value) =>
        {
            await offload.ParkAsync(context.GetRedisSession(), key, Encoding.UTF8.GetBytes(value));
            return TypedResults.NoContent();
        });

        app.MapGet("/enc/fetch-text/{key}", async (HttpContext context, SessionOffload offload, string key) =>
        {
            var fetched = await offload.FetchAsync(context.GetRedisSession(), key);
            return TypedResults.Ok(new ParkedView(fetched.Status.ToString(), fetched.Data is null ? null : Encoding.UTF8.GetString(fetched.Data)));
        });
    }
}
