using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// The one way a test class or fixture gets a Redis of its own: the store starts before anything else (a
/// redis-server or Garnet of the suite's engine, or a 6-node cluster, on free loopback ports with a password,
/// as <see cref="RedisServerProcess"/> and <see cref="RedisCluster"/> set them up), then what runs on it
/// (<see cref="StartedAsync"/>, each part taken with <see cref="Own"/>); everything stops in reverse order, the
/// store last. A fixture passes its message sink so the run says once which engine it uses.
/// </summary>
public abstract class IsolatedStore(IMessageSink? diagnostics = null) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _parts = [];
    private IAsyncDisposable? _store;

    public async Task InitializeAsync()
    {
        if (diagnostics is not null)
        {
            EngineNotice.Tell(diagnostics);
        }

        _store = await StartStoreAsync();
        await StartedAsync();
    }

    // Whatever started before a failure is stopped; the rest was never taken.
    public async Task DisposeAsync()
    {
        foreach (var part in Enumerable.Reverse(_parts))
        {
            await part.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>Starts the store (only that: what runs on it starts in <see cref="StartedAsync"/>).</summary>
    protected abstract Task<IAsyncDisposable> StartStoreAsync();

    /// <summary>Starts what runs on the store: apps, monitors, proxies, each taken with <see cref="Own"/>.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>Stops <paramref name="part"/> with the store, before it and before every part taken earlier.</summary>
    protected T Own<T>(T part)
        where T : IAsyncDisposable
    {
        _parts.Add(part);
        return part;
    }
}

/// <summary>One redis-server or Garnet process of the test class's own (the suite's engine unless <see cref="Options"/> says).</summary>
public abstract class IsolatedRedis(IMessageSink? diagnostics = null) : IsolatedStore(diagnostics)
{
    private RedisServerProcess? _redis;
    private Task<StackExchange.Redis.ConnectionMultiplexer>? _admin;

    public RedisServerProcess Redis => _redis ?? throw new InvalidOperationException("The server did not start.");

    /// <summary>An inspector of what <paramref name="app"/> stored on this server (over one connection of the class's own, made on first use).</summary>
    public async Task<StoreInspector> InspectAsync(TestApp app) => new(await (_admin ??= ConnectAdminAsync()), app.Services, app.KeyPrefix);

    /// <summary>How to start the server; the defaults suit one test class.</summary>
    protected virtual RedisServerOptions Options => new();

    protected override async Task<IAsyncDisposable> StartStoreAsync() => _redis = await RedisServerProcess.StartAsync(Options);

    private async Task<StackExchange.Redis.ConnectionMultiplexer> ConnectAdminAsync() =>
        Own(await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString));
}

/// <summary>A local 6-node Redis Cluster (3 primaries, 3 replicas) of the test class's own.</summary>
public abstract class IsolatedCluster(IMessageSink? diagnostics = null) : IsolatedStore(diagnostics)
{
    private RedisCluster? _cluster;

    public RedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    protected override async Task<IAsyncDisposable> StartStoreAsync() => _cluster = await RedisCluster.StartAsync();
}
