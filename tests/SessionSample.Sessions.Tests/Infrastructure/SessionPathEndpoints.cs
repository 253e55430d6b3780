using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Endpoints that each drive the session the way application code would, down one path of its own: a write
/// without a load, a change after the response started, a throw after a regeneration, a slow large commit...
/// </summary>
public static class SessionPathEndpoints
{
    private static readonly TimeSpan RegeneratingLockHold = TimeSpan.FromSeconds(10);

    public static void MapSessionPathEndpoints(this IEndpointRouteBuilder app)
    {
        // A write-through that does not load first.
        app.MapPost("/blind-set-now/{key}", async (HttpContext context, string key, string value) =>
        {
            await context.GetRedisSession().SetNowAsync(key, Encoding.UTF8.GetBytes(value));
            return TypedResults.Ok(new ValueView(value));
        });

        // Starts the response (flush or complete), then changes the session and says what Set did.
        app.MapPost("/after-start/{key}", async (HttpContext context, string key, string value, string how) =>
        {
            await context.Session.LoadAsync();
            context.Response.ContentType = "text/plain";
            if (how == "complete")
            {
                await context.Response.CompleteAsync();
            }
            else
            {
                await context.Response.Body.FlushAsync();
            }

            string outcome;
            try
            {
                context.Session.SetString(key, value);
                outcome = "set";
            }
            catch (InvalidOperationException exception)
            {
                outcome = $"{nameof(InvalidOperationException)}: {exception.Message}";
            }

            if (how != "complete")
            {
                await context.Response.WriteAsync(outcome);
            }
        });

        app.MapPost("/regenerate-then-throw", async (HttpContext context) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            await session.RegenerateIdAsync();
            throw new InvalidOperationException("The handler failed after the session moved to a new id.");
        });

        app.MapPost("/load-then-invalidate", async (HttpContext context) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            await session.InvalidateAsync();
            return TypedResults.NoContent();
        });

        // Loads, tells the test, waits for its go-ahead, then writes `bytes` bytes at commit or at once.
        app.MapPost("/slow-big/{key}", async (HttpContext context, string key, int bytes, string how, string loaded, string release) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            TestSignals.Set(loaded);
            await TestSignals.WaitAsync(release);
            if (how == "set-now")
            {
                await session.SetNowAsync(key, new byte[bytes]);
            }
            else
            {
                session.Set(key, new byte[bytes]);
            }

            return TypedResults.Ok(new ValueView(key));
        });

        app.MapPost("/clear-then/{how}/{key}", async (HttpContext context, string how, string key, string value, bool loadFirst) =>
        {
            var session = context.GetRedisSession();
            if (loadFirst)
            {
                await session.LoadAsync();
            }

            session.Clear();
            if (how == "incr")
            {
                await session.IncrementAsync(key);
            }
            else
            {
                await session.SetNowAsync(key, Encoding.UTF8.GetBytes(value));
            }

            return TypedResults.NoContent();
        });

        // Writes one way, then reports the times the session now claims.
        app.MapPost("/expires-after-write/{how}", async (HttpContext context, string how) =>
        {
            var session = context.GetRedisSession();
            switch (how)
            {
                case "incr":
                    await session.IncrementAsync("e");
                    break;
                case "commit":
                    await session.LoadAsync();
                    session.SetString("e", "1");
                    await session.CommitAsync();
                    break;
                default:
                    await session.SetNowAsync("e", "1"u8.ToArray());
                    break;
            }

            return TypedResults.Ok(new TimesView(session.CreatedAt, session.LastAccessedAt, session.ExpiresAt));
        });

        // Holds the lock, regenerates, sends the headers (with the new cookie), then waits for the test.
        app.MapPost("/locked-regenerate", async (HttpContext context, string release) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            await session.RegenerateIdAsync();
            await context.Response.Body.FlushAsync();
            await TestSignals.WaitAsync(release);
        }).RequireSessionLock(RegeneratingLockHold, TestEndpoints.ShortLockWait);

        app.MapPost("/park-then-fail/{key}", async (HttpContext context, SessionOffload offload, string key, int bytes) =>
        {
            await offload.ParkAsync(context.GetRedisSession(), key, TestEndpoints.Pattern(bytes));
            throw new InvalidOperationException("The handler failed after parking: the new reference is never committed.");
        });

        app.MapGet("/id", async (HttpContext context) =>
        {
            await context.Session.LoadAsync();
            return TypedResults.Ok(new ValueView(context.Session.Id));
        });

        app.MapPost("/reserved-key/{how}", async (HttpContext context, string how) =>
        {
            var session = context.GetRedisSession();
            try
            {
                switch (how)
                {
                    case "set-now":
                        await session.SetNowAsync(SessionSchema.CreatedField, [1]);
                        break;
                    case "incr":
                        await session.IncrementAsync(SessionSchema.CreatedField);
                        break;
                    case "remove":
                        session.Remove(SessionSchema.CreatedField);
                        break;
                    default:
                        session.Set(SessionSchema.CreatedField, [1]);
                        break;
                }
            }
            catch (ArgumentException exception)
            {
                return TypedResults.Ok(new ReservedKeyView(exception.GetType().Name, exception.Message, exception.ParamName));
            }

            return TypedResults.Ok(new ReservedKeyView(null, null, null));
        });
    }
}

public sealed record ReservedKeyView(string? Exception, string? Message, string? ParamName);
