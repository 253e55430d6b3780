using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The resilience pipelines around session I/O (Polly): a total timeout of
/// <see cref="RedisSessionOptions.OperationBudget"/>, jittered retries, a circuit breaker and a timeout
/// per attempt. Only idempotent operations (load, delta write, delete, lock) are retried: an increment
/// or a flash take that timed out may have run, and running it twice would count twice or lose a message.
/// Built without Polly's per-call telemetry: it would log and tag every session read; the store
/// measures itself, and retries and breaker changes are logged and counted here.
/// </summary>
internal static partial class SessionResilience
{
    public static ResiliencePipeline Build(RedisSessionOptions options, bool retry, TimeProvider time, ILogger logger)
    {
        // A retried operation splits the budget over its three attempts; one that is never retried has
        // nothing to save time for, so its single attempt gets the whole budget (a third would fail it
        // with 503 long before the budget the operator set).
        var attemptTimeout = retry
            ? TimeSpan.FromTicks(Math.Max(options.OperationBudget.Ticks / 3, TimeSpan.FromMilliseconds(50).Ticks))
            : options.OperationBudget;
        var transient = new PredicateBuilder()
            .Handle<RedisConnectionException>()
            .Handle<RedisTimeoutException>()
            .Handle<TimeoutRejectedException>()
            .Handle<RedisServerException>(IsUnavailableServer);

        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time, Name = retry ? "session-retrying" : "session-once" };
        if (retry)
        {
            // The budget bounds the attempts and the waits between them. A single attempt needs no
            // outer timeout: its own is the budget, and inside the breaker it counts as a failure.
            pipeline.AddTimeout(options.OperationBudget);
            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                OnRetry = arguments =>
                {
                    SessionTelemetry.Retries.Add(1);
                    LogRetry(logger, arguments.AttemptNumber + 1, arguments.Outcome.Exception?.GetType().Name);
                    return default;
                },
            });
        }

        pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = options.CircuitBreakDuration,
            OnOpened = arguments =>
            {
                LogCircuitOpened(logger, arguments.BreakDuration.TotalSeconds);
                return default;
            },
            OnClosed = _ =>
            {
                LogCircuitClosed(logger);
                return default;
            },
        });
        pipeline.AddTimeout(attemptTimeout);
        return pipeline.Build();
    }

    /// <summary>Failures that mean "the store is not answering", as opposed to bugs.</summary>
    public static bool IsOutage(Exception exception) => exception is RedisConnectionException
        or RedisTimeoutException
        or TimeoutRejectedException
        or BrokenCircuitException
        || (exception is RedisServerException server && IsUnavailableServer(server));

    // A server that is reachable but cannot serve: still loading its data after a restart, a replica
    // after a failover, busy with a runaway script, or out of memory (the sessions Redis never evicts).
    private static bool IsUnavailableServer(RedisServerException exception) =>
        exception.Message.StartsWith("LOADING", StringComparison.Ordinal)
        || exception.Message.StartsWith("READONLY", StringComparison.Ordinal)
        || exception.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
        || exception.Message.StartsWith("BUSY", StringComparison.Ordinal)
        || exception.Message.StartsWith("OOM", StringComparison.Ordinal);

    [LoggerMessage(30, LogLevel.Warning, "Session store call failed ({ExceptionType}); retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, int attempt, string? exceptionType);

    [LoggerMessage(31, LogLevel.Error, "Session store keeps failing: circuit opened, requests fail fast for {BreakSeconds} s")]
    private static partial void LogCircuitOpened(ILogger logger, double breakSeconds);

    [LoggerMessage(32, LogLevel.Information, "Session store answers again: circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger);
}
