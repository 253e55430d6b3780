using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Polly;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// One Redis, called the one way every part of the library calls Redis: each call through a
/// <see cref="SessionResilience"/> pipeline of this Redis's own (the time budget, retries of calls Redis never
/// received, a circuit breaker), measured and traced under its <see cref="SessionOperation"/>, and a failure
/// meaning this Redis is not answering comes out as <see cref="SessionStoreUnavailableException"/> (503), its
/// text free of session ids. The store and the sign-in throttle call the sessions Redis through one;
/// <c>SessionOffload</c> the cache Redis through another, so an outage of one never opens the other's breaker.
/// </summary>
internal sealed partial class ResilientRedis(string name, IConnectionMultiplexer redis, RedisSessionOptions options, TimeProvider time, ILogger logger)
{
    private readonly ResiliencePipeline _pipeline = SessionResilience.Build(options, time, logger);

    public IConnectionMultiplexer Redis => redis;

    /// <summary>Runs one store script on the slot of <paramref name="keys"/> (which share a hash tag).</summary>
    /// <exception cref="SessionStoreUnavailableException">This Redis did not answer within the budget, or keeps failing.</exception>
    public async Task<StoreReply> RunAsync(SessionOperation operation, Activity? activity, StoreScript script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(operation, activity, static call => call.ExecuteAsync(), new ScriptCall(redis.GetDatabase(), script, keys, values), cancellationToken);
        return StoreReply.From(result);
    }

    /// <summary>Runs <paramref name="call"/> on <paramref name="state"/>: a static callback and its state keep the hot path allocation-free.</summary>
    /// <exception cref="SessionStoreUnavailableException">This Redis did not answer within the budget, or keeps failing (the breaker is open).</exception>
    public async Task<TResult> RunAsync<TState, TResult>(SessionOperation operation, Activity? activity, Func<TState, Task<TResult>> call, TState state, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (args, token) =>
                {
                    try
                    {
                        return await args.call(args.state).WaitAsync(token);
                    }
                    catch (OperationCanceledException exception) when (!token.IsCancellationRequested)
                    {
                        // Nobody here canceled: the client gave up on the command, canceling what it had queued on a
                        // connection it abandons (seen while a restarted Redis answers LOADING to its handshake). An
                        // outage, then; whether Redis ran the command is unknown, so it is not retried.
                        throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "The client canceled the command while reconnecting.", exception, CommandStatus.Unknown);
                    }
                },
                (call, state),
                cancellationToken);
        }
        catch (Exception exception) when (SessionResilience.IsOutage(exception))
        {
            outcome = "unavailable";
            SessionTelemetry.Failed(activity, outcome, name + " unavailable");

            // The client's exception text names keys, and a key may hold a session id: keep its story, not the id.
            throw new SessionStoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The {name} did not answer the {operation.Tag()} within {options.OperationBudget.TotalSeconds:0.###} s."),
                new RedactedStoreFailure(exception));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
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

    // A value type instead of a lambda: the pipeline callback stays static and allocation-free. By text: the client
    // sends EVALSHA when the server knows the script, and on NOSCRIPT loads it and sends it again.
    private readonly record struct ScriptCall(IDatabase Database, StoreScript Script, RedisKey[] Keys, RedisValue[] Values)
    {
        public Task<RedisResult> ExecuteAsync() => Database.ScriptEvaluateAsync(Script.Text, Keys, Values);
    }

    /// <summary>A store failure with every session id in its text (ids sit in braces in keys) replaced by a marker.</summary>
    private sealed partial class RedactedStoreFailure(Exception failure)
        : Exception($"{failure.GetType().Name}: {IdInKey().Replace(failure.Message, "{redacted}")}")
    {
        [GeneratedRegex(@"\{[A-Za-z0-9_-]{16,64}\}")]
        private static partial Regex IdInKey();
    }
}
