using System.Diagnostics;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>How one script call runs: the resilient way (<see cref="ResilientRedis"/>), measured and traced.</summary>
internal sealed partial class SessionStore
{
    /// <summary>Loads the scripts so the first request already sends EVALSHA rather than SCRIPT LOAD + EVALSHA.</summary>
    public async Task PreloadScriptsAsync(CancellationToken cancellationToken)
    {
        foreach (var endpoint in _redis.GetEndPoints())
        {
            var server = _redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            foreach (var script in SessionScripts.All)
            {
                await server.ScriptLoadAsync(script.Text).WaitAsync(cancellationToken);
            }
        }
    }

    private Task<ScriptReply> RunAsync(SessionOperation operation, Activity? activity, SessionScript script, RedisKey key, RedisValue[] values) =>
        RunAsync(operation, activity, script, [key], values);

    private async Task<ScriptReply> RunAsync(SessionOperation operation, Activity? activity, SessionScript script, RedisKey[] keys, RedisValue[] values)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            var result = await _calls.RunAsync(operation, static call => call.ExecuteAsync(), new ScriptCall(_redis.GetDatabase(), script, keys, values));
            return ScriptReply.From(result);
        }
        catch (SessionStoreUnavailableException)
        {
            outcome = "unavailable";
            SessionTelemetry.Failed(activity, outcome, "session store unavailable");
            throw;
        }
        catch (Exception exception)
        {
            // A bug or a script error, not an outage: tag it and let it propagate.
            outcome = "error";
            SessionTelemetry.Failed(activity, outcome, exception.GetType().Name);
            throw;
        }
        finally
        {
            SessionTelemetry.Measured(operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    // A value type instead of a lambda: the pipeline callback stays static and allocation-free.
    private readonly record struct ScriptCall(IDatabase Database, SessionScript Script, RedisKey[] Keys, RedisValue[] Values)
    {
        public async Task<RedisResult> ExecuteAsync()
        {
            try
            {
                try
                {
                    return await Database.ScriptEvaluateAsync(Script.Sha1, Keys, Values);
                }
                catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
                {
                    // Redis restarted or its script cache was flushed: send the text once, which loads it again.
                    return await Database.ScriptEvaluateAsync(Script.Text, Keys, Values);
                }
            }
            catch (OperationCanceledException exception)
            {
                // No token reaches the client, so this is the client giving up on the command: it cancels what it
                // had queued on a connection it abandons (seen while a restarted Redis answers LOADING to its
                // handshake). An outage, then; whether Redis ran the command is unknown, so it is not retried.
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "The client canceled the command while reconnecting.", exception, CommandStatus.Unknown);
            }
        }
    }
}
