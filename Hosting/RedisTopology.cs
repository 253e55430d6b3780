namespace RedisSessions.Hosting;

/// <summary>How the <c>sessions</c> resource runs locally: one server, or a Redis Cluster of six nodes.</summary>
internal enum RedisTopology
{
    /// <summary>One server (the default): what publishing always describes.</summary>
    Standalone,

    /// <summary>Three primaries and three replicas on redis-server, like a managed clustered Redis.</summary>
    Cluster,
}

internal static class RedisTopologySelector
{
    /// <summary>Configuration key (environment variable <c>Redis__Sessions__Topology</c>).</summary>
    public const string ConfigurationKey = "Redis:Sessions:Topology";

    public const string Standalone = "standalone";
    public const string Cluster = "cluster";

    /// <summary>
    /// The topology for this run. A cluster needs the redis-server engine: the other engines refuse it
    /// here, at start, rather than giving a cluster that behaves differently. Publishing ignores it: a
    /// deployment gets the single Redis container (or a managed clustered Redis, see the README).
    /// </summary>
    public static RedisTopology Select(string? configured, RedisEngineChoice engine, bool isPublishMode)
    {
        var topology = configured?.Trim().ToLowerInvariant() switch
        {
            null or "" or Standalone => RedisTopology.Standalone,
            Cluster => RedisTopology.Cluster,
            _ => throw new InvalidOperationException($"Unknown {ConfigurationKey} '{configured}'. Use {Standalone} or {Cluster}."),
        };

        if (topology == RedisTopology.Standalone || isPublishMode)
        {
            return RedisTopology.Standalone;
        }

        return engine.Engine switch
        {
            RedisEngine.RedisServer => RedisTopology.Cluster,
            RedisEngine.Garnet => throw Refusal(engine,
                "Garnet has a cluster mode, but its documentation sets replicas up one by one with CLUSTER REPLICATE and describes " +
                "failover only as a CLUSTER FAILOVER an operator sends to a replica, while this cluster is made by " +
                "'redis-cli --cluster create --cluster-replicas 1' and relies on redis-server promoting a replica by itself " +
                "when its primary stops answering."),
            RedisEngine.Container => throw Refusal(engine,
                "Cluster nodes tell clients where each slot lives (MOVED replies, CLUSTER SLOTS) by their own address; in " +
                "containers that is a container-network address the apps on this machine cannot reach unless every node " +
                "announces its host-mapped ports (cluster-announce-ip, -port, -bus-port), which this template does not set up."),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine.Engine, "Unknown Redis engine."),
        };
    }

    private static DistributedApplicationException Refusal(RedisEngineChoice engine, string why) => new(
        $"{ConfigurationKey}={Cluster} runs the sessions cluster on redis-server only, and the Redis engine of this run is " +
        $"{engine.EngineName} ({engine.Reason}). {why} Use {RedisEngineSelector.ConfigurationKey}={RedisEngineNames.RedisServer} " +
        $"(with redis-server and redis-cli installed), or {ConfigurationKey}={Standalone}.");
}
