using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using SessionSample.Sessions;

namespace SessionSample.Benchmarks.Micro;

/// <summary>
/// The in-process steps of a session request, each measured on the store's real internals: the resilience
/// pipeline around one Redis call (the store's own, from <c>SessionResilience.Build</c>) against the bare
/// call, reading the session cookie (Data Protection, and the codec's cache of verified cookies), hashing
/// the id for logs and traces, the key list of the read log line, and the note that a session was just slid.
/// The awaited operation yields, as a Redis reply does, so every async layer in between really suspends.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly ResiliencePipeline _pipeline = SessionResilience.Build(new RedisSessionOptions(), TimeProvider.System, NullLogger.Instance);
    private readonly string[] _keys = ["cart", "lastSeen", "field1", "field2", "field3"];
    private IDataProtector? _protector;
    private SessionCookieCodec? _codec;
    private SessionActivity? _activity;
    private string _id = "";
    private string _cookie = "";

    [GlobalSetup]
    public void Setup()
    {
        var provider = DataProtectionProvider.Create("SessionSample.Benchmarks");
        _protector = provider.CreateProtector(SessionCookieCodec.Purpose);
        _codec = new SessionCookieCodec(provider);
        _activity = new SessionActivity(Options.Create(new RedisSessionOptions()));
        _id = SessionIds.NewId();
        _cookie = _codec.Protect(_id);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _codec?.Dispose();
        _activity?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "an awaited call, direct")]
    public async Task<int> Direct() => await ReplyAsync();

    [Benchmark(Description = "the same call through the store's pipeline, as SessionStore.RunAsync makes it")]
    public async Task<int> ThroughPipeline() =>
        await _pipeline.ExecuteAsync(static async (_, cancellationToken) => await ReplyAsync().WaitAsync(cancellationToken), 0, CancellationToken.None);

    [Benchmark(Description = "unprotect the session cookie (Data Protection)")]
    public string Unprotect() => _protector!.Unprotect(_cookie);

    [Benchmark(Description = "read the session cookie (SessionCookieCodec, verified before)")]
    public string? ReadCookie() => _codec!.TryUnprotect(_cookie, out _);

    [Benchmark(Description = "handle and log hash of the id (SessionIds.HandleOf)")]
    public string HandleOfId() => SessionIds.HandleOf(_id).Id;

    [Benchmark(Description = "key list of the read log line (SessionLog.Names)")]
    public string LogNames() => SessionLog.Names(_keys);

    [Benchmark(Description = "note the session as slid (SessionActivity.Touched)")]
    public void Touched() => _activity!.Touched(SessionIds.HandleOf(_id));

    private static async Task<int> ReplyAsync()
    {
        await Task.Yield();
        return 1;
    }
}
