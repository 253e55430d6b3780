using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>What a request saw of its own session after it changed it: one key's value and every key.</summary>
public sealed record SeenView(string? Value, IReadOnlyList<string> Keys);

/// <summary>Endpoints that each drive one request down one path: Clear then a write-through, an upgrade, a throw after a pending increment, a synchronous read.</summary>
public static class RequestPathEndpoints
{
    public static void MapRequestPathEndpoints(this IEndpointRouteBuilder app)
    {
        // Clear(), then one write-through (set-now or incr), then what the same request reads back.
        app.MapPost("/clear-then-read/{how}/{key}", async (HttpContext context, string how, string key) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            session.Clear();
            if (how == "incr")
            {
                await session.IncrementAsync(key);
            }
            else
            {
                await session.SetNowAsync(key, Encoding.UTF8.GetBytes("v"));
            }

            return TypedResults.Ok(new SeenView(session.GetString(key), [.. session.Keys]));
        });

        // Changes the session and registers an OnStarting callback, then upgrades the connection (as a WebSocket
        // or SignalR endpoint does), holds it open until the test releases it, and closes it.
        app.MapGet("/upgrade", async (HttpContext context, string upgraded, string release) =>
        {
            await context.Session.LoadAsync();
            context.Session.SetString("before-upgrade", "1");
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Before-Upgrade"] = "1";
                return Task.CompletedTask;
            });
            await using var stream = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
            TestSignals.Set(upgraded);
            await TestSignals.WaitAsync(release);
        });

        // Writes a value, increments a key that has a pending value (which needs it written first), then fails.
        app.MapPost("/pending-incr-then-throw", async (HttpContext context) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            session.SetString("other", "pending");
            session.SetString("n", "5");
            await session.IncrementAsync("n");
            throw new InvalidOperationException("The handler failed after the increment.");
        });

        // A synchronous read first (as TempData or a layout does), then the asynchronous call named by `then`.
        app.MapPost("/read-sync-then/{then}", async (HttpContext context, string then) =>
        {
            var session = context.GetRedisSession();
            _ = session.GetString("a");
            if (then == "load")
            {
                await session.LoadAsync();
            }
            else
            {
                session.SetString("k", "v");
                await session.CommitAsync();
            }

            return TypedResults.Ok(new ValueView(then));
        });
    }
}
