using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Polly;

namespace SessionSample.Sessions;

/// <summary>
/// One Redis, called the way the session store calls it: each call through a <see cref="SessionResilience"/>
/// pipeline of this Redis's own (the time budget, retries of calls Redis never received, a circuit breaker), and a
/// failure meaning this Redis is not answering comes out as <see cref="SessionStoreUnavailableException"/> (503),
/// its text free of session ids. The store calls the sessions Redis through one; <c>SessionOffload</c> the
/// cache Redis through another, so an outage of one never opens the other's breaker.
/// </summary>
internal sealed partial class ResilientRedis(string name, RedisSessionOptions options, TimeProvider time, ILogger logger)
{
    private readonly ResiliencePipeline _pipeline = SessionResilience.Build(options, time, logger);

    /// <summary>Runs <paramref name="call"/> on <paramref name="state"/>: a static callback and its state keep the hot path allocation-free.</summary>
    /// <exception cref="SessionStoreUnavailableException">This Redis did not answer within the budget, or keeps failing (the breaker is open).</exception>
    public async Task<TResult> RunAsync<TState, TResult>(SessionOperation operation, Func<TState, Task<TResult>> call, TState state, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (args, token) => await args.call(args.state).WaitAsync(token),
                (call, state),
                cancellationToken);
        }
        catch (Exception exception) when (SessionResilience.IsOutage(exception))
        {
            // The client's exception text names keys, and a key may hold a session id: keep its story, not the id.
            throw new SessionStoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The {name} did not answer the {operation.Tag()} within {options.OperationBudget.TotalSeconds:0.###} s."),
                new RedactedStoreFailure(exception));
        }
    }

    /// <summary>A store failure with every session id in its text (ids sit in braces in keys) replaced by a marker.</summary>
    private sealed partial class RedactedStoreFailure(Exception failure)
        : Exception($"{failure.GetType().Name}: {IdInKey().Replace(failure.Message, "{redacted}")}")
    {
        [GeneratedRegex(@"\{[A-Za-z0-9_-]{16,64}\}")]
        private static partial Regex IdInKey();
    }
}
