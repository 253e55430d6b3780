using Microsoft.AspNetCore.Builder;
using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A session store (one redis-server, Garnet, or a 6-node Redis Cluster), two app instances sharing it (as
/// the web frontend and the API do), a third with a one-second idle timeout, and a command counter on the
/// first app's traffic. Checks of what is stored go through a StackExchange.Redis connection of the
/// fixture's own, which routes by slot on the cluster like the apps do.
/// </summary>
public abstract class SessionServerFixture(IMessageSink diagnostics) : IsolatedStore(diagnostics)
{
    public static readonly TimeSpan ShortIdleTimeout = TimeSpan.FromSeconds(1);

    private readonly string _keyPrefix = $"basic{Guid.NewGuid():N}:session:";
    private StackExchange.Redis.ConnectionMultiplexer? _admin;
    private string _connection = string.Empty;

    public TestApp App { get; private set; } = null!;

    public TestApp SecondApp { get; private set; } = null!;

    /// <summary>Shares the sessions, with an idle timeout of <see cref="ShortIdleTimeout"/>.</summary>
    public TestApp ShortLivedApp { get; private set; } = null!;

    public ICommandCounter Counter { get; private set; } = null!;

    /// <summary>Starts counting what the client named <paramref name="clientName"/> sends (each part taken with <see cref="IsolatedStore.Own"/>); returns the store's connection string, the first app's counted one, and the counter.</summary>
    protected abstract Task<(string Connection, string Counted, ICommandCounter Counter)> CountCommandsAsync(string clientName);

    protected override async Task StartedAsync()
    {
        var clientName = $"counted{Guid.NewGuid():N}";
        var (connection, counted, counter) = await CountCommandsAsync(clientName);
        Counter = counter;
        _connection = connection;
        _admin = Own(await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connection));
        App = Own(await StartAppAsync($"{counted},name={clientName}"));
        SecondApp = Own(await StartAppAsync(connection + ",name=second"));
        ShortLivedApp = Own(await StartAppAsync(connection + ",name=short", options => options.IdleTimeout = ShortIdleTimeout));
        Host = Own(await StoreHost.StartAsync(connection + ",name=host", _keyPrefix));
    }

    /// <summary>What the apps stored, through the fixture's own connection (they share the key prefix and the key ring).</summary>
    public StoreInspector Store => new(Admin, App.Services, App.KeyPrefix);

    /// <summary>The apps' store without an app (no HTTP): same Redis, key prefix and key ring, so <see cref="Store"/> inspects it too.</summary>
    public StoreHost Host { get; private set; } = null!;

    /// <summary>Another store host on the same sessions, with other options; the caller disposes it.</summary>
    public Task<StoreHost> StartHostAsync(Action<RedisSessionOptions> configure, Action<IRedisSessionsBuilder>? modules = null) =>
        StoreHost.StartAsync(_connection, _keyPrefix, configure, modules);

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

                    // Expired between the scan and this look (a short-lived tombstone of another test): nothing left to read.
                    StackExchange.Redis.RedisType.None => [],
                    var type => throw new InvalidOperationException($"{key} holds a {type}, which the store never writes."),
                };
                texts.AddRange(values);
            }
        }

        return texts;
    }

    /// <summary>The fixture's own connection to the store (routes by slot on the cluster).</summary>
    public StackExchange.Redis.IConnectionMultiplexer Admin => _admin!;

    /// <summary>One more app on the same sessions, stopped with the fixture.</summary>
    public async Task<TestApp> StartExtraAppAsync(string name, Action<RedisSessionOptions>? configure = null)
    {
        return Own(await StartAppAsync($"{_connection},name={name}", configure));
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

    private RedisServerProcess? _server;

    protected override async Task<IAsyncDisposable> StartStoreAsync() => _server = await RedisServerProcess.StartAsync(new RedisServerOptions { Engine = Engine });

    protected override async Task<(string, string, ICommandCounter)> CountCommandsAsync(string clientName)
    {
        var server = _server!;
        if (server.Engine == RedisEngine.RedisServer)
        {
            var monitor = Own(await RedisMonitor.StartAsync(server, clientName));
            return (server.ConnectionString, server.ConnectionString, monitor);
        }

        var proxy = Own(CountingProxy.Start(server));
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
    private RedisCluster? _cluster;

    protected override async Task<IAsyncDisposable> StartStoreAsync() => _cluster = await RedisCluster.StartAsync();

    protected override async Task<(string, string, ICommandCounter)> CountCommandsAsync(string clientName)
    {
        var cluster = _cluster!;
        var monitors = new List<RedisMonitor>();
        foreach (var primary in await cluster.PrimariesAsync())
        {
            monitors.Add(Own(await RedisMonitor.StartAsync(primary, clientName, appMayNotConnect: true)));
        }

        return (cluster.ConnectionString, cluster.ConnectionString, new CombinedCounter(monitors));
    }
}
