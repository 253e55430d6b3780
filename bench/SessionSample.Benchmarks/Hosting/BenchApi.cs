using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>
/// The endpoints every benchmark app maps, identical in all three: they talk to <see cref="ISession"/>
/// only, so the session implementation is the one thing that differs.
/// </summary>
public static class BenchApi
{
    public const string ConcurrentKeyPrefix = "c-";

    private static readonly string[] s_fiveKeys = ["field1", "field2", "field3", "field4", "field5"];

    public static IEndpointRouteBuilder MapBenchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/untouched", () => TypedResults.Text("ok"));
        app.MapGet("/seed", SeedAsync);
        app.MapGet("/read", ReadAsync);
        app.MapGet("/write1", WriteOneAsync);
        app.MapGet("/write5", WriteFiveAsync);
        app.MapGet("/write/{key}", WriteKeyAsync);
        app.MapGet("/keys", KeysAsync);
        return app;
    }

    /// <summary>Starts a session holding the cart; the response carries its cookie.</summary>
    private static async Task<Ok<int>> SeedAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(context, cancellationToken);
        session.Set(Cart.Key, Cart.SeedJson);
        return TypedResults.Ok(Cart.SeedJson.Length);
    }

    private static async Task<Results<Ok<string>, NotFound>> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(context, cancellationToken);
        if (!session.TryGetValue(Cart.Key, out var json))
        {
            return TypedResults.NotFound();
        }

        var items = Cart.Parse(json);
        var total = items.Sum(item => item.Quantity * item.UnitPrice);
        return TypedResults.Ok(string.Create(CultureInfo.InvariantCulture, $"{items.Length} items, {total:F2}"));
    }

    private static async Task<Ok> WriteOneAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(context, cancellationToken);
        session.Set("lastSeen", Now());
        return TypedResults.Ok();
    }

    private static async Task<Ok> WriteFiveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(context, cancellationToken);
        var now = Now();
        foreach (var key in s_fiveKeys)
        {
            session.Set(key, now);
        }

        return TypedResults.Ok();
    }

    private static async Task<Ok> WriteKeyAsync(HttpContext context, string key, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(context, cancellationToken);
        session.Set(ConcurrentKeyPrefix + key, Now());
        return TypedResults.Ok();
    }

    private static async Task<Ok<string[]>> KeysAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = await LoadAsync(context, cancellationToken);
        return TypedResults.Ok(session.Keys.ToArray());
    }

    /// <summary>Loads asynchronously, as the ASP.NET Core docs ask, so no implementation blocks a thread.</summary>
    private static async Task<ISession> LoadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = context.Features.Get<ISessionFeature>()?.Session ?? new RequestLocalSession();
        await session.LoadAsync(context.RequestAborted);
        return session;
    }

    private static byte[] Now() => Encoding.UTF8.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
}
