using Microsoft.AspNetCore.Builder;
using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A session store (one redis-server, Garnet, or a 6-node Redis Cluster), two app instances sharing it (as
/// the web frontend and the API do), a third with a one-second idle timeout, and a command counter on the
/// first app's traffic. Checks of what is stored go through a StackExchange.Redis connection of the
/// fixture's own, which routes by slot on the cluster like the apps do.
/// </summary>
public abstract class SessionServerFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public static readonly TimeSpan ShortIdleTimeout = TimeSpan.FromSeconds(1);

    private readonly string _keyPrefix = $"basic{Guid.NewGuid():N}:session:";
    private readonly List<IAsyncDisposable> _parts = [];
    private StackExchange.Redis.ConnectionMultiplexer? _admin;
    private string _connection = string.Empty;

    public TestApp App { get; private set; } = null!;

    public TestApp SecondApp { get; private set; } = null!;

    /// <summary>Shares the sessions, with an idle timeout of <see cref="ShortIdleTimeout"/>.</summary>
    public TestApp ShortLivedApp { get; private set; } = null!;

    public ICommandCounter Counter { get; private set; } = null!;

    /// <summary>Starts the store; returns its connection string, the first app's counted one, and the counter.</summary>
    protected abstract Task<(string Connection, string Counted, ICommandCounter Counter)> StartStoreAsync(string clientName, List<IAsyncDisposable> parts);

    public virtual async Task InitializeAsync()
    {
        EngineNotice.Tell(diagnostics);
        var clientName = $"counted{Guid.NewGuid():N}";
        var (connection, counted, counter) = await StartStoreAsync(clientName, _parts);
        Counter = counter;
        _connection = connection;
        _admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connection);
        App = await StartAppAsync($"{counted},name={clientName}");
        SecondApp = await StartAppAsync(connection + ",name=second");
        ShortLivedApp = await StartAppAsync(connection + ",name=short", options => options.IdleTimeout = ShortIdleTimeout);
    }

    /// <summary>Whether a live session (not the tombstone a sign-out or sign-in leaves) is behind <paramref name="cookie"/>.</summary>
    public async Task<bool> SessionExistsAsync(string cookie)
    {
        var db = _admin!.GetDatabase();
        var key = SessionKey(cookie);
        return await db.KeyExistsAsync(key) && !await db.HashExistsAsync(key, "~gone");
    }

    /// <summary>Every field name and value of the session behind <paramref name="cookie"/>, metadata and flashes included, in bytes.</summary>
    public async Task<long> StoredBytesAsync(string cookie)
    {
        var entries = await _admin!.GetDatabase().HashGetAllAsync(SessionKey(cookie));
        return entries.Sum(entry => (long)((byte[])entry.Name!).Length + ((byte[])entry.Value!).Length);
    }

    public string SessionKey(string cookie) => App.SessionKey(cookie);

    /// <summary>Every key in the store and every value under it (hashes field by field, lists item by item), as text.</summary>
    public async Task<IReadOnlyList<string>> EverythingStoredAsync()
    {
        var texts = new List<string>();
        var db = _admin!.GetDatabase();
        foreach (var endpoint in _admin.GetEndPoints())
        {
            var server = _admin.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: "*"))
            {
                texts.Add(key!);
                var values = await db.KeyTypeAsync(key) switch
                {
                    StackExchange.Redis.RedisType.Hash => (await db.HashGetAllAsync(key)).SelectMany(entry => new[] { (string)entry.Name!, (string)entry.Value! }),
                    StackExchange.Redis.RedisType.List => (await db.ListRangeAsync(key)).Select(value => (string)value!),
                    StackExchange.Redis.RedisType.String => [(string)(await db.StringGetAsync(key))!],
                    var type => throw new InvalidOperationException($"{key} holds a {type}, which the store never writes."),
                };
                texts.AddRange(values);
            }
        }

        return texts;
    }

    // Whatever InitializeAsync got to before a failure is stopped; the rest is still null.
    public async Task DisposeAsync()
    {
        foreach (var part in new IAsyncDisposable?[] { ShortLivedApp, SecondApp, App })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        _admin?.Dispose();
        foreach (var part in Enumerable.Reverse(_parts))
        {
            await part.DisposeAsync();
        }
    }

    /// <summary>The fixture's own connection to the store (routes by slot on the cluster).</summary>
    public StackExchange.Redis.IConnectionMultiplexer Admin => _admin!;

    /// <summary>One more app on the same sessions, stopped with the fixture.</summary>
    public async Task<TestApp> StartExtraAppAsync(string name, Action<RedisSessionOptions>? configure = null)
    {
        var app = await StartAppAsync($"{_connection},name={name}", configure);
        _parts.Add(app);
        return app;
    }

    /// <summary>What a derived fixture adds to every app (such as authentication); null for nothing.</summary>
    protected virtual AppSetup? Setup => null;

    private async Task<TestApp> StartAppAsync(string connection, Action<RedisSessionOptions>? configure = null)
    {
        var app = await TestApp.StartAsync(
            connection,
            keyPrefix: _keyPrefix,
            configure: options =>
            {
                Setup?.Options(options);
                configure?.Invoke(options);
            },
            configureBuilder: Setup?.Builder,
            configureApp: Setup?.App);
        await app.WarmUpAsync();
        return app;
    }
}

/// <summary>What a fixture adds to each of its apps: options set before the app's own, services, and the pipeline after <c>UseRedisSessions()</c>.</summary>
public sealed record AppSetup(Action<RedisSessionOptions> Options, Action<WebApplicationBuilder> Builder, Action<WebApplication> App);

/// <summary>One redis-server or Garnet process, counted by MONITOR (redis-server) or a counting proxy (Garnet has no MONITOR).</summary>
public abstract class SingleServerFixture(IMessageSink diagnostics) : SessionServerFixture(diagnostics)
{
    /// <summary>The engine to start; null for the suite's (<see cref="TestRedis.Engine"/>).</summary>
    protected abstract RedisEngine? Engine { get; }

    protected override async Task<(string, string, ICommandCounter)> StartStoreAsync(string clientName, List<IAsyncDisposable> parts)
    {
        var server = await RedisServerProcess.StartAsync(new RedisServerOptions { Engine = Engine });
        parts.Add(server);
        if (server.Engine == RedisEngine.RedisServer)
        {
            var monitor = await RedisMonitor.StartAsync(server, clientName);
            parts.Add(monitor);
            return (server.ConnectionString, server.ConnectionString, monitor);
        }

        var proxy = CountingProxy.Start(server);
        parts.Add(proxy);
        return (server.ConnectionString, proxy.ConnectionString, proxy);
    }
}

/// <summary>redis-server, or the suite's engine where redis-server does not run.</summary>
public sealed class RedisSessionServerFixture(IMessageSink diagnostics) : SingleServerFixture(diagnostics)
{
    protected override RedisEngine? Engine => null;
}

public sealed class GarnetSessionServerFixture(IMessageSink diagnostics) : SingleServerFixture(diagnostics)
{
    protected override RedisEngine? Engine => RedisEngine.Garnet;
}

/// <summary>A local 6-node Redis Cluster (3 primaries, 3 replicas), counted by MONITOR on every primary.</summary>
public class ClusterSessionServerFixture(IMessageSink diagnostics) : SessionServerFixture(diagnostics)
{
    protected override async Task<(string, string, ICommandCounter)> StartStoreAsync(string clientName, List<IAsyncDisposable> parts)
    {
        var cluster = await RedisCluster.StartAsync();
        parts.Add(cluster);
        var monitors = new List<RedisMonitor>();
        foreach (var primary in await cluster.PrimariesAsync())
        {
            var monitor = await RedisMonitor.StartAsync(primary, clientName, appMayNotConnect: true);
            parts.Add(monitor);
            monitors.Add(monitor);
        }

        return (cluster.ConnectionString, cluster.ConnectionString, new CombinedCounter(monitors));
    }
}
