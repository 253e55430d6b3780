namespace RedisSessions.Hosting;

/// <summary>
/// The one-shot step that makes the nodes one cluster (<c>redis-cli --cluster create</c>) once they all
/// answer. It finishes at once, without running redis-cli, when the nodes already form the cluster: a
/// restart of the AppHost re-forms it from each node's nodes.conf.
/// </summary>
internal sealed class RedisClusterCreationResource(string name, RedisClusterResource cluster, string redisCliPath, string clusterDirectory)
    : Resource(name), IResourceWithWaitSupport
{
    /// <summary>The dashboard property that says what the step did: created, skipped or refused.</summary>
    public const string OutcomeProperty = "redis.cluster.creation";

    public RedisClusterResource Cluster { get; } = cluster;

    public string RedisCliPath { get; } = redisCliPath;

    /// <summary>The folder holding every node's data: deleting it (AppHost stopped) starts a new cluster.</summary>
    public string ClusterDirectory { get; } = clusterDirectory;
}
