using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace SessionSample.ServiceDefaults.Sessions;

/// <summary>
/// The two resilience pipelines around session I/O. Both are bounded by
/// <see cref="RedisSessionOptions.OperationBudget"/> and share the failure handling; only idempotent
/// operations (load, delta write, delete, lock) are retried: an increment or a flash take that timed
/// out may have run, and running it twice would count twice or lose a message.
/// </summary>
internal static class SessionResilience
{
    public const string Retrying = "SessionSample.Sessions.Retrying";
    public const string Once = "SessionSample.Sessions.Once";

    public static void Configure(ResiliencePipelineBuilder pipeline, RedisSessionOptions options, bool retry)
    {
        var attemptTimeout = TimeSpan.FromTicks(Math.Max(options.OperationBudget.Ticks / 3, TimeSpan.FromMilliseconds(50).Ticks));
        var transient = new PredicateBuilder()
            .Handle<RedisConnectionException>()
            .Handle<RedisTimeoutException>()
            .Handle<TimeoutRejectedException>();

        pipeline.AddTimeout(options.OperationBudget);
        if (retry)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
            });
        }

        pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = options.CircuitBreakDuration,
        });
        pipeline.AddTimeout(attemptTimeout);
    }

    /// <summary>Failures that mean "the store is not answering", as opposed to bugs.</summary>
    public static bool IsOutage(Exception exception) => exception is RedisConnectionException
        or RedisTimeoutException
        or TimeoutRejectedException
        or BrokenCircuitException;
}
