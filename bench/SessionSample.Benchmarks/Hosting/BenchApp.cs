using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>
/// One benchmark app. All three variants share everything (Kestrel, the Redis connections the real
/// apps register, problem details, routing, the endpoints) except the session implementation.
/// </summary>
public static class BenchApp
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(120);

    public static async Task<int> RunAsync(HostOptions options)
    {
        await using var app = Build(options);
        await app.RunAsync();
        return 0;
    }

    /// <summary>The configured app, not started: the host mode runs it, the micro-benchmarks call its pipeline directly.</summary>
    public static WebApplication Build(HostOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls(options.Url);
        // Console logging of every request would measure the console, not the session.
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning)
            // The throwaway key ring of a benchmark needs no encryption at rest; the warning would only be noise.
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var redis = $"{options.Redis},name={options.Variant.RedisClientName()}";
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{RedisConnections.SessionsConnectionName}"] = redis,
            [$"ConnectionStrings:{RedisConnections.CacheConnectionName}"] = redis,
            // Telemetry is the same in every app and not what is measured; the store's own spans and
            // metrics cost nothing without a listener.
            ["Aspire:StackExchange:Redis:DisableTracing"] = "true",
            ["Aspire:StackExchange:Redis:DisableHealthChecks"] = "true",
        });

        builder.AddRedisConnections();
        builder.Services.AddProblemDetails();
        builder.AddSessionVariant(options.Variant);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRouting();
        app.UseSessionVariant(options.Variant);
        app.MapBenchApi();
        return app;
    }

    private static void AddSessionVariant(this WebApplicationBuilder builder, Variant variant)
    {
        switch (variant)
        {
            case Variant.Builtin:
                builder.Services.AddStackExchangeRedisCache(cache => cache.InstanceName = variant.KeyPrefix());
                // The same multiplexer the store uses, so both pay for one connection the same way.
                builder.Services.AddOptions<RedisCacheOptions>()
                    .Configure<IConnectionMultiplexer>((cache, redis) => cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
                builder.Services.AddSession(session =>
                {
                    session.IdleTimeout = IdleTimeout;
                    session.Cookie.Name = ".Bench.Builtin.Session";
                    session.Cookie.IsEssential = true;
                });
                break;
            case Variant.Store:
                builder.AddRedisSessions(sessions =>
                {
                    sessions.KeyPrefix = variant.KeyPrefix();
                    sessions.IdleTimeout = IdleTimeout;
                });
                break;
        }
    }

    private static void UseSessionVariant(this WebApplication app, Variant variant)
    {
        switch (variant)
        {
            case Variant.Builtin:
                app.UseSession();
                break;
            case Variant.Store:
                app.UseRedisSessions();
                break;
        }
    }
}
