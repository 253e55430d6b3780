using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>What each <see cref="Variant"/> registers and puts in the pipeline; everything else is shared (<see cref="BenchApp"/>).</summary>
public static class VariantSetup
{
    public static void AddBuiltin(WebApplicationBuilder builder, Variant variant)
    {
        builder.Services.AddStackExchangeRedisCache(cache => cache.InstanceName = variant.KeyPrefix);
        // The same multiplexer the store uses, so both pay for one connection the same way.
        builder.Services.AddOptions<RedisCacheOptions>()
            .Configure<IConnectionMultiplexer>((cache, redis) => cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        builder.Services.AddSession(session =>
        {
            session.IdleTimeout = BenchApp.IdleTimeout;
            session.Cookie.Name = ".Bench.Builtin.Session";
            session.Cookie.IsEssential = true;
        });
    }

    public static void UseBuiltin(WebApplication app) => app.UseSession();

    // The store as an app gets it: default options (in Production that includes the __Host- cookie) but the
    // key prefix and the idle timeout every variant shares.
    public static void AddStore(WebApplicationBuilder builder, Variant variant) =>
        builder.AddRedisSessions(sessions =>
        {
            sessions.KeyPrefix = variant.KeyPrefix;
            sessions.IdleTimeout = BenchApp.IdleTimeout;
        });

    public static void UseStore(WebApplication app) => app.UseRedisSessions();

    // The store as above with every value protected by the Data Protection key ring before it leaves the app.
    public static void AddEncrypted(WebApplicationBuilder builder, Variant variant) =>
        builder.AddRedisSessions(sessions =>
        {
            sessions.KeyPrefix = variant.KeyPrefix;
            sessions.IdleTimeout = BenchApp.IdleTimeout;
        }).AddValueEncryption();

    // The store as above, signed in: no cap, since the bench seeds as many sessions of its one user as it needs.
    public static void AddSignedIn(WebApplicationBuilder builder, Variant variant)
    {
        builder.AddRedisSessions(sessions =>
        {
            sessions.KeyPrefix = variant.KeyPrefix;
            sessions.IdleTimeout = BenchApp.IdleTimeout;
            sessions.MaxSessionsPerUser = 0;
        }).AddSignInBinding();
        builder.AddSharedCookieAuthentication();
    }

    /// <summary>The store and authentication, and <c>/seed</c> signs the new session in before it stores the cart.</summary>
    public static void UseSignedIn(WebApplication app)
    {
        app.UseRedisSessions();
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/seed")
            {
                await context.SignInWithRedisSessionAsync("bench");
            }

            await next(context);
        });
    }

    public static void AddCeiling(WebApplicationBuilder builder, Variant variant)
    {
        builder.Services.AddSingleton(new CeilingScript(variant.KeyPrefix));
        builder.Services.AddHostedService<CeilingScriptLoader>();
    }

    /// <summary>Gives every request a <see cref="CeilingSession"/>, as a session middleware would, and nothing more.</summary>
    public static void UseCeiling(WebApplication app)
    {
        var script = app.Services.GetRequiredService<CeilingScript>();
        var database = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        app.Use((context, next) =>
        {
            context.Features.Set<ISessionFeature>(new SessionFeature { Session = new CeilingSession(database, script) });
            return next(context);
        });
    }
}
