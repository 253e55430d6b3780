using System.Collections.Concurrent;
using StackExchange.Redis;

namespace RedisSessions.Hosting;

/// <summary>
/// One long-lived connection per Redis resource for the AppHost's own probes (health checks and
/// dashboard commands), so a probe costs one round trip instead of a new TCP + AUTH handshake. The
/// nodes of a cluster share the cluster's connection: it holds one link to every node anyway.
/// </summary>
internal sealed class RedisResourceConnections : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ConnectionMultiplexer>>> _connections = new();

    /// <summary>
    /// The servers a probe of <paramref name="resource"/> asks: the one behind a standalone resource,
    /// every node of a cluster, or one node of it. A cluster's are named by its nodes, not by what the
    /// connection discovered: until the cluster is created a node reports itself without an address.
    /// </summary>
    public async Task<IReadOnlyList<IServer>> ServersAsync(IResource resource, CancellationToken cancellationToken)
    {
        switch (resource)
        {
            case RedisClusterResource cluster:
                var connection = await GetAsync(cluster, cancellationToken);
                return [.. cluster.Nodes.Select(node => connection.GetServer(node.EndPoint))];
            case RedisClusterNodeResource node:
                return [(await GetAsync(node.Cluster, cancellationToken)).GetServer(node.EndPoint)];
            case IResourceWithConnectionString standalone:
                return (await GetAsync(standalone, cancellationToken)).GetServers();
            default:
                throw new InvalidOperationException($"'{resource.Name}' is not a Redis resource.");
        }
    }

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

    /// <summary>
    /// Closes the resource's connection, if one is open: the next probe connects afresh. For a cluster just
    /// created (see <see cref="RedisClusterCreation"/>).
    /// </summary>
    public async Task ForgetAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken);
        if (connectionString is not null && _connections.TryRemove(connectionString, out var entry)
            && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
        {
            // A probe still using it gets its answer first.
            await entry.Value.Result.CloseAsync(allowCommandsToComplete: true);
            await entry.Value.Result.DisposeAsync();
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
        options.ClientName = "redis-sessions-apphost";
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
