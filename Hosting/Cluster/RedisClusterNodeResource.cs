using System.Net;

namespace RedisSessions.Hosting;

/// <summary>
/// One redis-server of a local cluster. Besides its client port it listens on a cluster bus port of its
/// own, allocated free like the client port rather than the default port + 10000, which may be taken.
/// </summary>
internal sealed class RedisClusterNodeResource(string name, string command, string workingDirectory, RedisClusterResource cluster)
    : ExecutableResource(name, command, workingDirectory)
{
    public const string BusEndpointName = "bus";

    /// <summary>Where redis-server keeps its view of the cluster, in the node's data folder.</summary>
    public const string ConfigFileName = "nodes.conf";

    private EndpointReference? _primaryEndpoint;
    private EndpointReference? _busEndpoint;

    public RedisClusterResource Cluster { get; } = cluster;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, LocalRedisResource.PrimaryEndpointName);

    public EndpointReference BusEndpoint => _busEndpoint ??= new(this, BusEndpointName);

    /// <summary>The node as the cluster's StackExchange.Redis connection names it.</summary>
    public EndPoint EndPoint => new IPEndPoint(IPAddress.Loopback, PrimaryEndpoint.Port);
}
