using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionSample.Sessions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 wired like the product's apps: the Redis connections and Data
/// Protection from ServiceDefaults, AddRedisSessions/UseRedisSessions, the exception handler, and the
/// test endpoints in <see cref="TestEndpoints"/>.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private TestApp(WebApplication app, Uri address, string keyPrefix)
    {
        _app = app;
        Address = address;
        KeyPrefix = keyPrefix;
    }

    public Uri Address { get; }

    public string KeyPrefix { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        string sessionsConnectionString,
        string? cacheConnectionString = null,
        Action<RedisSessionOptions>? configure = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        string? keyPrefix = null,
        Action<WebApplication>? configureApp = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        keyPrefix ??= $"test{Guid.NewGuid():N}:session:";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(TestApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:sessions"] = sessionsConnectionString;
        builder.Configuration["ConnectionStrings:cache"] = cacheConnectionString ?? sessionsConnectionString;
        // Aspire's Redis client would add tracing and health checks the tests do not need.
        builder.Configuration["Aspire:StackExchange:Redis:DisableTracing"] = "true";
        // Before the registrations below, which read some settings (the Redis client's) as they register.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.AddRedisConnections();
        builder.AddSharedDataProtection();
        builder.AddRedisSessions(options =>
        {
            options.KeyPrefix = keyPrefix;
            // The tests speak plain HTTP to loopback; production keeps Secure cookies.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            configure?.Invoke(options);
        })
            .AddSignInBinding()
            .AddSessionLock()
            .AddOffload()
            .AddSignInThrottle()
            .AddWriteThrough();
        builder.Services.AddProblemDetails();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRouting();
        app.UseRedisSessions();
        configureApp?.Invoke(app);
        app.MapTestEndpoints();
        if (app.Services.GetService<Microsoft.AspNetCore.Mvc.Infrastructure.IActionDescriptorCollectionProvider>() is not null)
        {
            app.MapControllers();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestApp(app, new Uri(address), keyPrefix);
    }

    public SessionClient NewClient() => new(Address);

    /// <summary>
    /// Waits until the app stores a session, before a test relies on it. A fresh process compiles the
    /// whole session path on its first request and loads the Data Protection key ring; on a loaded CI
    /// machine that alone can outlast the OperationBudget and answer 503 (fail-closed) or an unsaved
    /// session (fail-open): the budget doing its job, not what the tests are about.
    /// </summary>
    public async Task WarmUpAsync()
    {
        var limit = TimeSpan.FromSeconds(30);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var client = NewClient();
            using var response = await client.PostAsync("/write/warm?value=up");
            if (response.IsSuccessStatusCode && client.Cookie is not null)
            {
                return;
            }

            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable) || waited.Elapsed > limit)
            {
                throw new InvalidOperationException(
                    $"The app did not store a session within {limit.TotalSeconds} s of starting; last answer {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Stops the app; safe to call more than once (a test may stop it early to read its telemetry).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
