using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Micro;

/// <summary>
/// In-process steps every session request pays, measured through public APIs: reading the protected
/// cookie (both implementations do it) and a resilience pipeline shaped like the store's (timeout,
/// retry, circuit breaker, per-attempt timeout) around an operation that completes at once.
/// The store's own change tracking and serialisation are internal to ServiceDefaults.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private static readonly ValueTask<int> s_done = ValueTask.FromResult(1);

    private IDataProtector? _protector;
    private string? _cookie;
    private ResiliencePipeline? _pipeline;

    [GlobalSetup]
    public void Setup()
    {
        _protector = DataProtectionProvider.Create("SessionSample.Benchmarks").CreateProtector("cookie");
        _cookie = _protector.Protect("AbCdEfGhIjKlMnOpQrStUvWx");

        var transient = new PredicateBuilder()
            .Handle<RedisConnectionException>()
            .Handle<RedisTimeoutException>()
            .Handle<TimeoutRejectedException>();
        _pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(TimeSpan.FromSeconds(2))
            .AddRetry(new RetryStrategyOptions { ShouldHandle = transient, MaxRetryAttempts = 2, UseJitter = true, BackoffType = DelayBackoffType.Exponential })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions { ShouldHandle = transient, FailureRatio = 0.5, MinimumThroughput = 10 })
            .AddTimeout(TimeSpan.FromMilliseconds(666))
            .Build();
    }

    [Benchmark(Description = "unprotect the session cookie")]
    public string UnprotectCookie() => _protector!.Unprotect(_cookie!);

    [Benchmark(Baseline = true, Description = "operation called directly")]
    public ValueTask<int> Direct() => s_done;

    [Benchmark(Description = "operation through a store-shaped resilience pipeline")]
    public ValueTask<int> ThroughPipeline() => _pipeline!.ExecuteAsync(static _ => s_done);
}
