using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.Encryption;
using SessionSample.Sessions.Tests.Throttling;

namespace SessionSample.Sessions.Tests.Infrastructure;

public sealed record SessionView(Dictionary<string, string> Values, bool Available);

public sealed record ValueView(string? Value);

public sealed record TimesView(DateTimeOffset? CreatedAt, DateTimeOffset? LastAccessedAt, DateTimeOffset? ExpiresAt);

public sealed record CounterView(long Value);

public sealed record FlashView(IReadOnlyList<string> Messages);

public sealed record OffloadView(string Status, int Length, bool Intact);

/// <summary>Endpoints that exercise one session feature each, the way application code would.</summary>
public static class TestEndpoints
{
    public static readonly TimeSpan ShortLockHold = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ShortLockWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PatientLockHold = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan PatientLockWait = TimeSpan.FromSeconds(5);

    public static void MapTestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/untouched", () => TypedResults.Ok("ok"));

        app.MapGet("/read", async (HttpContext context) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            return TypedResults.Ok(View(session));
        });

        app.MapGet("/times", async (HttpContext context) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            return TypedResults.Ok(new TimesView(session.CreatedAt, session.LastAccessedAt, session.ExpiresAt));
        });

        app.MapGet("/read/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync();
            return TypedResults.Ok(new ValueView(context.Session.GetString(key)));
        });

        app.MapPost("/write/{key}", async (HttpContext context, string key, string value) =>
        {
            await context.Session.LoadAsync();
            context.Session.SetString(key, value);
            return TypedResults.Ok(new ValueView(value));
        });

        // One request that sets the keys {prefix}0..{count-1} and removes {removed}0..{remove-1} set by an earlier one:
        // a delta larger than one HSET/HDEL carries in the commit script (its chunk size).
        app.MapPost("/many/{prefix}", async (HttpContext context, string prefix, int count, string? removed, int? remove) =>
        {
            await context.Session.LoadAsync();
            for (var i = 0; i < (remove ?? 0); i++)
            {
                context.Session.Remove($"{removed}{i}");
            }

            for (var i = 0; i < count; i++)
            {
                context.Session.SetString($"{prefix}{i}", $"v{i}");
            }

            return TypedResults.NoContent();
        });

        // Only the synchronous ISession members, as TempData uses them: under fail-open these degrade instead of throwing.
        app.MapGet("/peek", (HttpContext context) => TypedResults.Ok(View(context.GetRedisSession())));

        app.MapPost("/blind/{key}", (HttpContext context, string key, string value) =>
        {
            context.Session.SetString(key, value);
            return TypedResults.Ok(new ValueView(value));
        });

        app.MapPost("/incr/{key}", async (HttpContext context, string key, long? by) =>
            TypedResults.Ok(new CounterView(await context.GetRedisSession().IncrementAsync(key, by ?? 1))));

        app.MapPost("/regenerate", async (HttpContext context, bool? loadFirst, string? ready, string? release) =>
        {
            var session = context.GetRedisSession();
            if (loadFirst == true)
            {
                await session.LoadAsync();
            }

            TestSignals.Set(ready);
            await TestSignals.WaitAsync(release);
            await session.RegenerateIdAsync();
            return TypedResults.NoContent();
        });

        app.MapPost("/sign-in", async (HttpContext context, string user) =>
        {
            var session = context.GetRedisSession();
            await session.LoadAsync();
            await session.RegenerateIdAsync();
            session.SetString("user", user);
            return TypedResults.NoContent();
        });

        app.MapPost("/invalidate", async (HttpContext context) =>
        {
            await context.GetRedisSession().InvalidateAsync();
            return TypedResults.NoContent();
        });

        // Loads, tells the test (signal "loaded"), waits for its go-ahead ("release"), then writes: a late commit.
        app.MapPost("/slow-write/{key}", async (HttpContext context, string key, string value, string loaded, string release) =>
        {
            await context.Session.LoadAsync();
            TestSignals.Set(loaded);
            await TestSignals.WaitAsync(release);
            context.Session.SetString(key, value);
            return TypedResults.Ok(new ValueView(value));
        });

        app.MapPost("/flash", async (HttpContext context, string message) =>
        {
            await context.GetRedisSession().AddFlashAsync(message);
            return TypedResults.NoContent();
        });

        // A block body: an expression-bodied (HttpContext) lambda would bind as a RequestDelegate and drop the result.
        app.MapGet("/flashes", async (HttpContext context) =>
        {
            var messages = await context.GetRedisSession().TakeFlashesAsync();
            return TypedResults.Ok(new FlashView(messages));
        });

        app.MapPost("/big/{key}", async (HttpContext context, string key, int bytes) =>
        {
            await context.Session.LoadAsync();
            context.Session.Set(key, new byte[bytes]);
            return TypedResults.Ok(new ValueView(key));
        });

        app.MapPost("/blind-big/{key}", (HttpContext context, string key, int bytes) =>
        {
            context.Session.Set(key, new byte[bytes]);
            return TypedResults.Ok(new ValueView(key));
        });

        app.MapPost("/set-now/{key}", async (HttpContext context, string key, int bytes) =>
        {
            await context.GetRedisSession().SetNowAsync(key, new byte[bytes]);
            return TypedResults.Ok(new ValueView(key));
        });

        app.MapPost("/park/{key}", async (HttpContext context, SessionOffload offload, string key, int bytes) =>
        {
            await offload.ParkAsync(context.GetRedisSession(), key, Pattern(bytes));
            return TypedResults.NoContent();
        });

        app.MapGet("/fetch/{key}", async (HttpContext context, SessionOffload offload, string key) =>
        {
            var fetched = await offload.FetchAsync(context.GetRedisSession(), key);
            var data = fetched.Data ?? [];
            return TypedResults.Ok(new OffloadView(fetched.Status.ToString(), data.Length, data.AsSpan().SequenceEqual(Pattern(data.Length))));
        });

        // Holds the session lock until the test releases it ("entered" says it has the lock).
        app.MapPost("/locked/{key}", async (HttpContext context, string key, string? entered, string? release) =>
        {
            await context.Session.LoadAsync();
            TestSignals.Set(entered);
            await TestSignals.WaitAsync(release);
            context.Session.SetString(key, "done");
            return TypedResults.NoContent();
        }).RequireSessionLock(ShortLockHold, ShortLockWait);

        app.MapPost("/locked-patient/{key}", async (HttpContext context, string key) =>
        {
            await context.Session.LoadAsync();
            context.Session.SetString(key, "done");
            return TypedResults.NoContent();
        }).RequireSessionLock(PatientLockHold, PatientLockWait);

        app.MapPost("/throws/{key}", (HttpContext context, string key) =>
        {
            context.Session.SetString(key, "half done");
            throw new InvalidOperationException("The handler failed after changing the session.");
        });

        app.MapGet("/stream-write/{key}", async (HttpContext context, string key, string value) =>
        {
            context.Session.SetString(key, value);
            context.Response.ContentType = "text/plain";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(value));
        });

        app.MapSessionPathEndpoints();
        app.MapRequestPathEndpoints();
        app.MapEncryptionEndpoints();
        app.MapThrottlingEndpoints();
    }

    public static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)(i % 251);
        }

        return data;
    }

    private static SessionView View(IRedisSession session)
    {
        var values = new Dictionary<string, string>();
        foreach (var key in session.Keys)
        {
            values[key] = session.GetString(key) ?? string.Empty;
        }

        return new SessionView(values, session.IsAvailable);
    }
}
