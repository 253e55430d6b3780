using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RedisSessions.Hosting;

/// <summary>
/// Runs the creation step once every node answers: <c>redis-cli --cluster create</c> when the nodes are
/// empty, nothing when they already form the cluster, and a refusal (with what to do) when they hold part
/// of one, which redis-cli could not repair without losing data. The password reaches redis-cli through
/// the REDISCLI_AUTH environment variable, never its command line.
/// </summary>
internal static class RedisClusterCreation
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(RedisClusterCreationResource step, InitializeResourceEvent @event, CancellationToken cancellationToken)
    {
        var logger = @event.Logger;
        try
        {
            // The orchestrator's WaitFor handling runs here: it returns once every node is healthy.
            await @event.Eventing.PublishAsync(new BeforeResourceStartedEvent(step, @event.Services), cancellationToken);
            await @event.Notifications.PublishUpdateAsync(step, state => state with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });

            var connections = @event.Services.GetRequiredService<RedisResourceConnections>();
            var servers = await connections.ServersAsync(step.Cluster, cancellationToken);
            var views = new List<ClusterInfo>();
            foreach (var server in servers)
            {
                views.Add(ClusterInfo.Parse((string?)await server.ExecuteAsync("CLUSTER", "INFO").WaitAsync(cancellationToken) ?? ""));
            }

            var formed = views.All(view => view.KnownNodes == RedisClusterResource.NodeCount && view.SlotsAssigned == ClusterInfo.SlotCount);
            var empty = views.All(view => view.KnownNodes == 1 && view.SlotsAssigned == 0);
            var (exitCode, outcome) = formed ? Skip(logger)
                : empty ? await CreateAsync(step, logger, cancellationToken)
                : Refuse(step, logger);
            if (empty && exitCode == 0)
            {
                // The probes' connection was opened by the nodes' health checks, before the nodes formed the
                // cluster: it holds each node as a primary without slots, plus an address-less endpoint from
                // the first node's CLUSTER NODES, and StackExchange.Redis re-reads that only on a MOVED, a
                // reconnect or once a minute. The cluster's own health check and commands start now, on a
                // connection to the cluster as it is.
                await connections.ForgetAsync(step.Cluster, cancellationToken);
            }

            await @event.Notifications.PublishUpdateAsync(step, state => state with
            {
                State = KnownResourceStates.Finished,
                ExitCode = exitCode,
                StopTimeStamp = DateTime.UtcNow,
                Properties = [.. state.Properties.Where(property => property.Name != RedisClusterCreationResource.OutcomeProperty),
                    new ResourcePropertySnapshot(RedisClusterCreationResource.OutcomeProperty, outcome)],
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "The cluster could not be created.");
            await @event.Notifications.PublishUpdateAsync(step, state => state with { State = KnownResourceStates.FailedToStart });
        }
    }

    private static (int, string) Skip(ILogger logger)
    {
        logger.LogInformation("The nodes already form the cluster (from their nodes.conf): nothing to create.");
        return (0, "skipped: the cluster already exists");
    }

    private static (int, string) Refuse(RedisClusterCreationResource step, ILogger logger)
    {
        logger.LogError(
            "The nodes hold part of a cluster (some know other nodes or own slots, not all of them): creating one would lose data " +
            "and re-forming one is impossible. Stop the AppHost and delete {Directory} to start a new cluster.", step.ClusterDirectory);
        return (1, "refused: the nodes hold part of a cluster");
    }

    private static async Task<(int, string)> CreateAsync(
        RedisClusterCreationResource step, ILogger logger, CancellationToken cancellationToken)
    {
        var password = await step.Cluster.PasswordParameter.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The '{step.Cluster.PasswordParameter.Name}' parameter has no value.");
        var start = new ProcessStartInfo(step.RedisCliPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["REDISCLI_AUTH"] = password;
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        // In node order: redis-cli makes the first three primaries and the others their replicas.
        foreach (var node in step.Cluster.Nodes)
        {
            start.ArgumentList.Add($"127.0.0.1:{node.PrimaryEndpoint.Port}");
        }

        foreach (var argument in new[] { "--cluster-replicas", "1", "--cluster-yes" })
        {
            start.ArgumentList.Add(argument);
        }

        logger.LogInformation("redis-cli {Arguments}", string.Join(' ', start.ArgumentList));
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {step.RedisCliPath}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_limit);
        var output = CopyAsync(process.StandardOutput, logger, LogLevel.Information);
        var errors = CopyAsync(process.StandardError, logger, LogLevel.Error);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"redis-cli --cluster create did not finish within {s_limit.TotalSeconds} s.");
        }

        await Task.WhenAll(output, errors);
        return process.ExitCode == 0
            ? (0, "created")
            : (process.ExitCode, $"failed: redis-cli exited with code {process.ExitCode}");
    }

    private static async Task CopyAsync(StreamReader reader, ILogger logger, LogLevel level)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            logger.Log(level, "{Line}", line);
        }
    }
}
