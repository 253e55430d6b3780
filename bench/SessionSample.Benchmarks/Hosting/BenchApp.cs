using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>
/// One benchmark app. All variants share everything (Kestrel, the Redis connections the real
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

        var redis = $"{options.Redis},name={options.Variant.RedisClientName}";
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
        options.Variant.AddServices(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRouting();
        options.Variant.UsePipeline(app);
        app.MapBenchApi();
        return app;
    }
}
