using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace RedisSessions.Hosting;

/// <summary>
/// <c>Redis:Sessions:Topology=cluster</c>: the role run as a local Redis Cluster of six redis-server
/// processes (three primaries, a replica each). In the dashboard it is one parent resource, healthy
/// once the cluster serves every slot, with the nodes (each with its PING health check) and the
/// creation step as its children. Every node gets the role's settings (password, <c>noeviction</c>,
/// AOF <c>everysec</c>) from a private config file and keeps its data and nodes.conf in its own folder.
/// </summary>
internal static class RedisServerCluster
{
    public static IResourceBuilder<RedisClusterResource> AddRedisServerCluster(
        this IDistributedApplicationBuilder builder, RedisRole role, ParameterResource password, string redisServerPath)
    {
        var redisCli = ExecutableLocator.Find("redis-cli", Environment.GetEnvironmentVariable("PATH"))
            ?? throw new DistributedApplicationException(
                $"{RedisTopologySelector.ConfigurationKey}={RedisTopologySelector.Cluster} needs redis-cli on PATH to create the cluster " +
                "(it comes with redis-server, e.g. 'sudo apt-get install redis-tools').");

        var directories = RedisDirectories.For(builder);
        var nodes = Enumerable.Range(1, RedisClusterResource.NodeCount)
            .Select(i => $"{role.Name}-{i}")
            .Select(node => (Node: node, Directory: directories.ClusterNodeDirectory(role, node)))
            .ToList();
        var recollection = RedisClusterPorts.Remembered(nodes, directories.ClusterDirectory(role), RedisClusterPorts.StopWait);
        var ports = recollection.Ports;
        if (recollection.WaitedForStop is { } waited)
        {
            // Read before the app is built, so said once it starts, where the start is logged.
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                @event.Services.GetRequiredService<ILoggerFactory>()
                    .CreateLogger(typeof(RedisServerCluster).FullName!)
                    .LogInformation("Waited {Seconds:0.0} s for the previous run's Redis Cluster nodes in {Folder} to stop before starting its nodes again.",
                        waited.TotalSeconds, directories.ClusterDirectory(role));
                return Task.CompletedTask;
            });
        }

        var healthCheckKey = $"{role.Name}_cluster_check";
        builder.Services.TryAddSingleton<RedisResourceConnections>();
        var cluster = builder.AddResource(new RedisClusterResource(role.Name, password));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => new RedisClusterHealthCheck(cluster.Resource, services.GetRequiredService<RedisResourceConnections>()),
            failureStatus: null,
            tags: null));

        for (var i = 0; i < nodes.Count; i++)
        {
            builder.AddClusterNode(cluster, role, password, redisServerPath, nodes[i].Node, nodes[i].Directory, ports?[i]);
        }

        var creation = builder.AddResource(new RedisClusterCreationResource($"{role.Name}-create", cluster.Resource, redisCli, directories.ClusterDirectory(role)))
            .WithParentRelationship(cluster)
            .WithInitialState(new() { ResourceType = "RedisClusterCreation", State = KnownResourceStates.NotStarted, Properties = [] })
            .OnInitializeResource(RedisClusterCreation.RunAsync)
            .ExcludeFromManifest();
        foreach (var node in cluster.Resource.Nodes)
        {
            creation.WaitFor(builder.CreateResourceBuilder(node));
        }

        return cluster
            .WithInitialState(new() { ResourceType = "RedisCluster", State = KnownResourceStates.NotStarted, Properties = [] })
            .WaitForCompletion(creation)
            .OnInitializeResource(StartAsync)
            .WithHealthCheck(healthCheckKey)
            .WithRedisDashboardCommands();
    }

    private static void AddClusterNode(
        this IDistributedApplicationBuilder builder, IResourceBuilder<RedisClusterResource> cluster, RedisRole role, ParameterResource password,
        string redisServerPath, string name, string directory, RedisClusterPorts.NodePorts? ports)
    {
        var directories = RedisDirectories.For(builder);
        var node = new RedisClusterNodeResource(name, redisServerPath, directory, cluster.Resource);
        cluster.Resource.Add(node);

        builder.AddLocalRedis(node, ports?.Port)
            .WithEndpoint(name: RedisClusterNodeResource.BusEndpointName, port: ports?.BusPort, targetPort: ports?.BusPort, scheme: "tcp", isProxied: false)
            // Only the nodes talk on the bus: the resource list shows the client port, the details both.
            .WithUrlForEndpoint(RedisClusterNodeResource.BusEndpointName, url =>
            {
                url.DisplayText = "cluster bus";
                url.DisplayLocation = UrlDisplayLocation.DetailsOnly;
            })
            .WithParentRelationship(cluster)
            .WithArgs(async context =>
            {
                // Written at start (and at every restart from the dashboard) because the password
                // parameter resolves only then.
                var secret = await password.GetValueAsync(context.CancellationToken)
                    ?? throw new InvalidOperationException($"The '{password.Name}' parameter has no value.");
                var configFile = directories.WritePrivateFile($"{name}.redis.conf", RedisServerExecutable.RenderClusterNode(role, secret, directory));

                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(node.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--cluster-port");
                context.Args.Add(node.BusEndpoint.Property(EndpointProperty.TargetPort));
            });
    }

    /// <summary>Like a connection string resource: running once its waits (the creation step) are over; the health check does the rest.</summary>
    private static async Task StartAsync(RedisClusterResource cluster, InitializeResourceEvent @event, CancellationToken cancellationToken)
    {
        try
        {
            await @event.Eventing.PublishAsync(new BeforeResourceStartedEvent(cluster, @event.Services), cancellationToken);
            await @event.Notifications.PublishUpdateAsync(cluster, state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            await @event.Eventing.PublishAsync(new ConnectionStringAvailableEvent(cluster, @event.Services), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            @event.Logger.LogError(exception, "The cluster did not start.");
            await @event.Notifications.PublishUpdateAsync(cluster, state => state with { State = KnownResourceStates.FailedToStart });
        }
    }
}
