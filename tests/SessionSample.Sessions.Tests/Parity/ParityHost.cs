using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionSample.Sessions.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 running the same endpoint code over either session implementation:
/// the built-in (<c>AddSession</c> + <c>AddStackExchangeRedisCache</c>) or ours (<c>AddRedisSessions</c>),
/// both on the same redis-server with the same client settings and the same cookie name. The pipeline is
/// exception handler, routing, <see cref="ParityHostOptions.BeforeSession"/>, session, then the handler.
/// </summary>
public sealed class ParityHost : IAsyncDisposable
{
    private const string WarmUpPath = "/parity-warm-up";

    private readonly WebApplication _app;
    private readonly RedisServerProcess _redis;
    private readonly ConcurrentQueue<Exception> _handlerFailures = new();
    private bool _disposed;

    private ParityHost(SessionImplementation implementation, WebApplication app, RedisServerProcess redis, string keyPrefix)
    {
        Implementation = implementation;
        _app = app;
        _redis = redis;
        KeyPrefix = keyPrefix;
    }

    public SessionImplementation Implementation { get; }

    public Uri Address { get; private set; } = null!;

    /// <summary>The HTTPS address when <see cref="ParityHostOptions.Https"/> is set.</summary>
    public Uri? HttpsAddress { get; private set; }

    public string KeyPrefix { get; }

    /// <summary>Starts a host; <paramref name="handler"/> is the terminal handler, or null when options map endpoints.</summary>
    public static async Task<ParityHost> StartAsync(
        SessionImplementation implementation,
        RedisServerProcess redis,
        RequestDelegate? handler,
        Action<ParityHostOptions>? configure = null,
        int? redisPort = null)
    {
        var options = new ParityHostOptions();
        configure?.Invoke(options);
        var keyPrefix = $"parity{Guid.NewGuid():N}:{implementation}:";
        var connection = $"127.0.0.1:{redisPort ?? redis.Port},password={redis.Password}";

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(ParityHost).Assembly.GetName().Name,
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            if (options.Https)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate.Create()));
            }
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (options.Logs is not null)
        {
            builder.Logging.AddProvider(options.Logs);
        }

        var clientOptions = new RedisClientOptions { OperationTimeoutMilliseconds = (int)options.RedisOperationTimeout.TotalMilliseconds };
        if (implementation == SessionImplementation.BuiltIn)
        {
            AddBuiltIn(builder, options, connection, clientOptions, keyPrefix);
        }
        else
        {
            AddOurs(builder, options, connection, clientOptions, keyPrefix);
        }

        builder.Services.AddProblemDetails();
        options.Services?.Invoke(builder.Services);

        var app = builder.Build();
        var host = new ParityHost(implementation, app, redis, keyPrefix);
        app.UseExceptionHandler();
        app.UseRouting();
        if (options.BeforeSession is { } before)
        {
            app.Use(before);
        }

        if (implementation == SessionImplementation.BuiltIn)
        {
            app.UseSession();
        }
        else
        {
            app.UseRedisSessions();
        }

        app.Use(WarmUpAsync);
        if (handler is not null)
        {
            app.Run(host.Capture(handler));
        }
        else
        {
            options.Endpoints?.Invoke(app);
        }

        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).ToList();
        host.Address = addresses.Single(a => a.Scheme == Uri.UriSchemeHttp);
        host.HttpsAddress = addresses.SingleOrDefault(a => a.Scheme == Uri.UriSchemeHttps);
        await host.WarmUpAsync();
        return host;
    }

    public SessionClient NewClient() => new(Address);

    public SessionClient NewClient(string? cookie) => new(Address) { Cookie = cookie };

    /// <summary>GETs <paramref name="path"/>, expects a success and no handler failure, and returns the body.</summary>
    public async Task<string> GetStringAsync(SessionClient client, string path)
    {
        using var response = await client.GetAsync(path);
        AssertHandlerSucceeded();
        await SessionClient.EnsureSuccessAsync(response);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Fails with the handler's own exception (a failed assertion inside it, say) when there was one.</summary>
    public void AssertHandlerSucceeded()
    {
        if (_handlerFailures.TryPeek(out var failure))
        {
            throw new Xunit.Sdk.XunitException($"The endpoint failed: {failure}");
        }
    }

    /// <summary>The Redis key that holds the session behind <paramref name="cookie"/>.</summary>
    public string SessionKey(string cookie)
    {
        var value = Uri.UnescapeDataString(cookie);
        var provider = _app.Services.GetRequiredService<IDataProtectionProvider>();
        if (Implementation == SessionImplementation.BuiltIn)
        {
            // The built-in protects the UTF-8 key and drops the base64 padding (its CookieProtection).
            var padded = value + new string('=', (4 - (value.Length % 4)) % 4);
            var key = Encoding.UTF8.GetString(provider.CreateProtector("SessionMiddleware").Unprotect(Convert.FromBase64String(padded)));
            return KeyPrefix + key;
        }

        return RawSessionIds.SessionKeyOf(_app.Services, KeyPrefix, value);
    }

    /// <summary>Ours only: the raw id inside a cookie, which the app must never show or log.</summary>
    public string RawSessionId(string cookie) =>
        _app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("SessionSample.Sessions.Cookie").Unprotect(Uri.UnescapeDataString(cookie));

    public async Task<bool> SessionExistsAsync(string cookie) => await _redis.CommandAsync("EXISTS", SessionKey(cookie)) == ":1";

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

    private static void AddBuiltIn(WebApplicationBuilder builder, ParityHostOptions options, string connection, RedisClientOptions clientOptions, string keyPrefix)
    {
        var redisOptions = ConfigurationOptions.Parse(connection);
        clientOptions.ApplyTo(redisOptions);
        builder.Services.AddStackExchangeRedisCache(cache =>
        {
            cache.ConfigurationOptions = redisOptions;
            cache.InstanceName = keyPrefix;
        });
        builder.Services.AddSession(session =>
        {
            session.IdleTimeout = options.IdleTimeout;
            session.IOTimeout = options.IoTimeout;
            session.Cookie.Name = SessionClient.SessionCookieName;
            session.Cookie.SecurePolicy = options.SecurePolicy;
            session.Cookie.IsEssential = true;
        });
    }

    private static void AddOurs(WebApplicationBuilder builder, ParityHostOptions options, string connection, RedisClientOptions clientOptions, string keyPrefix)
    {
        builder.Configuration["ConnectionStrings:sessions"] = connection;
        builder.Configuration["ConnectionStrings:cache"] = connection;
        builder.Configuration["Aspire:StackExchange:Redis:DisableTracing"] = "true";
        builder.Configuration[$"{RedisClientOptions.SectionName}:{nameof(RedisClientOptions.OperationTimeoutMilliseconds)}"] =
            clientOptions.OperationTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddRedisConnections();
        builder.AddSharedDataProtection();
        builder.AddRedisSessions(session =>
        {
            session.KeyPrefix = keyPrefix;
            session.IdleTimeout = options.IdleTimeout;
            session.OperationBudget = options.IoTimeout;
            session.OutagePolicy = options.OutagePolicy;
            session.Cookie.Name = SessionClient.SessionCookieName;
            session.Cookie.SecurePolicy = options.SecurePolicy;

            // The same cookie name as the built-in's; the __Host- prefix (on by default outside Development) has tests of its own.
            session.Cookie.UseHostPrefix = false;
        });
    }

    // Stores one session before the scenario starts: a fresh process compiles the whole session path and
    // connects to Redis on its first request, which on a loaded machine can outlast a short timeout.
    private static Task WarmUpAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path != WarmUpPath)
        {
            return next(context);
        }

        context.Session.SetString("warm", "up");
        return Task.CompletedTask;
    }

    private async Task WarmUpAsync()
    {
        var limit = TimeSpan.FromSeconds(30);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var client = NewClient();
            using var response = await client.GetAsync(WarmUpPath);
            if (response.IsSuccessStatusCode && client.Cookie is not null && await SessionExistsAsync(client.Cookie))
            {
                return;
            }

            if (waited.Elapsed > limit)
            {
                throw new InvalidOperationException($"The {Implementation} host did not store a session within {limit.TotalSeconds} s; last answer {(int)response.StatusCode}.");
            }

            await Task.Delay(200);
        }
    }

    private RequestDelegate Capture(RequestDelegate handler) => async context =>
    {
        try
        {
            await handler(context);
        }
        catch (Exception exception)
        {
            _handlerFailures.Enqueue(exception);
            throw;
        }
    };
}
