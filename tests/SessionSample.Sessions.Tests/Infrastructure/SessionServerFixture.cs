using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A session server (redis-server or Garnet), two app instances sharing it (as the web frontend and
/// the API do), and a command counter on the first app's traffic.
/// </summary>
public abstract class SessionServerFixture : IAsyncLifetime
{
    private readonly string _keyPrefix = $"basic{Guid.NewGuid():N}:session:";
    private IAsyncDisposable? _counterLifetime;

    public RedisServerProcess Server { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public TestApp SecondApp { get; private set; } = null!;

    public ICommandCounter Counter { get; private set; } = null!;

    protected abstract Task<RedisServerProcess> StartServerAsync();

    /// <summary>Returns the connection string the first app uses and the counter watching it.</summary>
    protected abstract Task<(string ConnectionString, ICommandCounter Counter, IAsyncDisposable Lifetime)> CountAsync(RedisServerProcess server, string clientName);

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        var clientName = $"counted{Guid.NewGuid():N}";
        var counted = await CountAsync(Server, clientName);
        Counter = counted.Counter;
        _counterLifetime = counted.Lifetime;
        App = await TestApp.StartAsync(counted.ConnectionString, keyPrefix: _keyPrefix);
        await App.WarmUpAsync();
        SecondApp = await TestApp.StartAsync(Server.ConnectionString + ",name=second", keyPrefix: _keyPrefix);
        await SecondApp.WarmUpAsync();
    }

    /// <summary>Whether a live session (not the tombstone a sign-out or sign-in leaves) is behind <paramref name="cookie"/>.</summary>
    public async Task<bool> SessionExistsAsync(string cookie) =>
        await Server.CommandAsync("EXISTS", SessionKey(cookie)) == ":1"
        && await Server.CommandAsync("HEXISTS", SessionKey(cookie), "~gone") == ":0";

    public string SessionKey(string cookie)
    {
        var id = App.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("SessionSample.Sessions.Cookie")
            .Unprotect(cookie);
        return $"{_keyPrefix}{{{id}}}";
    }

    public async Task DisposeAsync()
    {
        await SecondApp.DisposeAsync();
        await App.DisposeAsync();
        if (_counterLifetime is not null)
        {
            await _counterLifetime.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}

public sealed class RedisSessionServerFixture : SessionServerFixture
{
    protected override Task<RedisServerProcess> StartServerAsync() => RedisServerProcess.StartRedisAsync();

    protected override async Task<(string, ICommandCounter, IAsyncDisposable)> CountAsync(RedisServerProcess server, string clientName)
    {
        var monitor = await RedisMonitor.StartAsync(server, clientName);
        return (server.ConnectionString + ",name=" + clientName, monitor, monitor);
    }
}

public sealed class GarnetSessionServerFixture : SessionServerFixture
{
    protected override Task<RedisServerProcess> StartServerAsync() => RedisServerProcess.StartGarnetAsync();

    // Garnet has no MONITOR: a counting proxy sits between the app and the server instead.
    protected override Task<(string, ICommandCounter, IAsyncDisposable)> CountAsync(RedisServerProcess server, string clientName)
    {
        var proxy = CountingProxy.Start(server.Port);
        var connection = $"127.0.0.1:{proxy.Port},password={server.Password},abortConnect=false,connectTimeout=2000,name={clientName}";
        return Task.FromResult<(string, ICommandCounter, IAsyncDisposable)>((connection, proxy, proxy));
    }
}
