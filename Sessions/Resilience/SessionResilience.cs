using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// The resilience pipeline around every session call (Polly): the whole call, retries and waits included,
/// ends at <see cref="RedisSessionOptions.OperationBudget"/>; a circuit breaker fails fast while Redis keeps
/// failing; and an attempt is retried only when Redis provably never received it (the client had no
/// connection to send it on, or the server refused to run it). An attempt that was sent and timed out may
/// still run, so it is never sent again: a retry would apply a write twice, or create a second new session.
/// Built without Polly's per-call telemetry (it would log and tag every session read); the store measures
/// itself, and retries and breaker changes are logged and counted here.
/// </summary>
internal static partial class SessionResilience
{
    public static ResiliencePipeline Build(RedisSessionOptions options, TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder { TimeProvider = time, Name = "session-store" }
            .AddTimeout(options.OperationBudget)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is { } exception && NeverReachedRedis(exception)),
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(25),
                MaxDelay = TimeSpan.FromMilliseconds(500),
                OnRetry = arguments =>
                {
                    SessionTelemetry.Retries.Add(1);
                    LogRetry(logger, arguments.AttemptNumber + 1, arguments.Outcome.Exception?.GetType().Name);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception is { } exception && IsOutage(exception)),
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
            })
            .Build();

    /// <summary>Failures that mean "the store is not answering", as opposed to bugs.</summary>
    public static bool IsOutage(Exception exception) => exception is RedisConnectionException
        or RedisTimeoutException
        or TimeoutRejectedException
        or BrokenCircuitException
        || (exception is RedisServerException server && IsRefusedByServer(server));

    /// <summary>
    /// Whether Data Protection failed because its key ring (kept in the sessions Redis) could not be read, as
    /// opposed to a payload it rejects: it wraps whatever its key repository threw in a CryptographicException.
    /// </summary>
    public static bool IsKeyRingOutage(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (IsOutage(inner) || inner is RedisException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the failed attempt certainly did not run, so sending it again cannot apply it twice.</summary>
    internal static bool NeverReachedRedis(Exception exception) => exception switch
    {
        RedisConnectionException connection => IsUnsent(connection.CommandStatus),
        RedisTimeoutException timeout => IsUnsent(timeout.Commandstatus),
        RedisServerException server => IsRefusedByServer(server),
        _ => false,
    };

    private static bool IsUnsent(CommandStatus status) => status is CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog;

    // A server that is reachable but refused to run the command: still loading its data after a restart, a
    // replica after a failover, busy with a runaway script, or out of memory (the sessions Redis never evicts).
    private static readonly string[] s_refusals = ["LOADING", "READONLY", "MASTERDOWN", "BUSY", "OOM", "CLUSTERDOWN", "TRYAGAIN"];

    private static bool IsRefusedByServer(RedisServerException exception) =>
        s_refusals.Any(refusal => exception.Message.StartsWith(refusal, StringComparison.Ordinal));

    [LoggerMessage(30, LogLevel.Warning, "Session store call failed before reaching Redis ({ExceptionType}); retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, int attempt, string? exceptionType);

    [LoggerMessage(31, LogLevel.Error, "Session store keeps failing: circuit opened, requests fail fast for {BreakSeconds} s")]
    private static partial void LogCircuitOpened(ILogger logger, double breakSeconds);

    [LoggerMessage(32, LogLevel.Information, "Session store answers again: circuit closed")]
    private static partial void LogCircuitClosed(ILogger logger);
}
