using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// The session store of an app without the app: the product's registrations (the Redis connections, Data
/// Protection, AddRedisSessions) on a generic host, no Kestrel, no HttpContext. Sessions are built by the
/// store's own <see cref="SessionFactory"/>, as the middleware builds them, and committed as a response would
/// commit them (<see cref="StoreSession"/>): pure store behaviour runs on real Redis in milliseconds.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly IHost _host;

    private StoreHost(IHost host) => _host = host;

    /// <param name="modules">The modules to add (<c>.AddWriteThrough()</c>, …); none by default: the core alone.</param>
    public static async Task<StoreHost> StartAsync(string connectionString, string keyPrefix, Action<RedisSessionOptions>? configure = null, Action<IRedisSessionsBuilder>? modules = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:sessions"] = connectionString;
        builder.Configuration["ConnectionStrings:cache"] = connectionString;
        builder.Configuration["Aspire:StackExchange:Redis:DisableTracing"] = "true";
        builder.AddRedisConnections();
        builder.AddSharedDataProtection();
        var sessions = builder.AddRedisSessions(options =>
        {
            options.KeyPrefix = keyPrefix;
            configure?.Invoke(options);
        });
        modules?.Invoke(sessions);
        var host = builder.Build();
        await host.StartAsync();
        return new StoreHost(host);
    }

    /// <summary>A request of a browser that holds <paramref name="cookie"/> (null: a first visit).</summary>
    internal StoreSession Begin(string? cookie = null) => new(_host.Services.GetRequiredService<SessionFactory>(), cookie);

    /// <summary>One request that sets <paramref name="values"/> under <paramref name="cookie"/> (null: a new session); returns the cookie the browser then holds.</summary>
    public async Task<string?> WriteAsync(string? cookie, params (string Key, string Value)[] values)
    {
        var request = Begin(cookie);
        foreach (var (key, value) in values)
        {
            request.Session.SetString(key, value);
        }

        return await request.EndAsync();
    }

    /// <summary>One request that reads every value of the session behind <paramref name="cookie"/>.</summary>
    public async Task<Dictionary<string, string>> ReadAsync(string cookie)
    {
        var request = Begin(cookie);
        await request.Session.LoadAsync();
        var values = request.Session.Keys.ToDictionary(key => key, key => request.Session.GetString(key)!);
        await request.EndAsync();
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
