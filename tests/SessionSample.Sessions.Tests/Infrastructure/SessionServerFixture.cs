using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A session server, two app instances sharing it (as the web frontend and the API do), and a command
/// counter on the first app's traffic: MONITOR on redis-server, a counting proxy on Garnet (no MONITOR).
/// </summary>
public abstract class SessionServerFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly string _keyPrefix = $"basic{Guid.NewGuid():N}:session:";
    private IAsyncDisposable? _counterLifetime;

    public RedisServerProcess Server { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public TestApp SecondApp { get; private set; } = null!;

    public ICommandCounter Counter { get; private set; } = null!;

    /// <summary>The engine to start; null for the suite's (<see cref="TestRedis.Engine"/>).</summary>
    protected abstract RedisEngine? Engine { get; }

    public async Task InitializeAsync()
    {
        EngineNotice.Tell(diagnostics);
        Server = await RedisServerProcess.StartAsync(new RedisServerOptions { Engine = Engine });
        var clientName = $"counted{Guid.NewGuid():N}";
        string countedConnection;
        if (Server.Engine == RedisEngine.RedisServer)
        {
            var monitor = await RedisMonitor.StartAsync(Server, clientName);
            (Counter, _counterLifetime, countedConnection) = (monitor, monitor, Server.ConnectionString);
        }
        else
        {
            var proxy = CountingProxy.Start(Server);
            (Counter, _counterLifetime, countedConnection) = (proxy, proxy, proxy.ConnectionString);
        }

        App = await TestApp.StartAsync($"{countedConnection},name={clientName}", keyPrefix: _keyPrefix);
        await App.WarmUpAsync();
        SecondApp = await TestApp.StartAsync(Server.ConnectionString + ",name=second", keyPrefix: _keyPrefix);
        await SecondApp.WarmUpAsync();
    }

    /// <summary>Whether a live session (not the tombstone a sign-out or sign-in leaves) is behind <paramref name="cookie"/>.</summary>
    public async Task<bool> SessionExistsAsync(string cookie) =>
        await Server.CommandAsync("EXISTS", SessionKey(cookie)) == ":1"
        && await Server.CommandAsync("HEXISTS", SessionKey(cookie), "~gone") == ":0";

    public string SessionKey(string cookie) => App.SessionKey(cookie);

    // Whatever InitializeAsync got to before a failure is stopped; the rest is still null.
    public async Task DisposeAsync()
    {
        foreach (var part in new IAsyncDisposable?[] { SecondApp, App, _counterLifetime, Server })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }
    }
}

/// <summary>redis-server, or the suite's engine where redis-server does not run.</summary>
public sealed class RedisSessionServerFixture(IMessageSink diagnostics) : SessionServerFixture(diagnostics)
{
    protected override RedisEngine? Engine => null;
}

public sealed class GarnetSessionServerFixture(IMessageSink diagnostics) : SessionServerFixture(diagnostics)
{
    protected override RedisEngine? Engine => RedisEngine.Garnet;
}
