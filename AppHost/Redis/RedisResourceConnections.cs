using System.Collections.Concurrent;
using StackExchange.Redis;

namespace SessionSample.AppHost.Redis;

/// <summary>
/// One long-lived connection per Redis resource for the AppHost's own probes (health checks and
/// dashboard commands), so a probe costs one round trip instead of a new TCP + AUTH handshake.
/// </summary>
public sealed class RedisResourceConnections : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ConnectionMultiplexer>>> _connections = new();

    public async Task<IConnectionMultiplexer> GetAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The '{resource.Name}' resource has no connection string yet.");

        var entry = _connections.GetOrAdd(connectionString, static cs => new(() => ConnectAsync(cs)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            // A failed first connect is not cached: the next probe tries again.
            _connections.TryRemove(new(connectionString, entry));
            throw;
        }
    }

    /// <summary>Opens a connection for probing: fails fast while the server is still starting.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = true;
        // StackExchange.Redis counts INFO as an admin command; the commands need it.
        options.AllowAdmin = true;
        options.ConnectTimeout = 2_000;
        options.AsyncTimeout = 5_000;
        options.SyncTimeout = 5_000;
        options.ConnectRetry = 1;
        options.ClientName = "sessionsample-apphost";
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in _connections.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                await entry.Value.Result.DisposeAsync();
            }
        }

        _connections.Clear();
    }
}
