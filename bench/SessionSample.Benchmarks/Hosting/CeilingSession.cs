using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>
/// The trivial script of the ceiling app: one key, one reply, no work. Sent as EVALSHA, as the store sends
/// its scripts, so the round trip costs what a session store's single round trip must cost at least.
/// </summary>
public sealed class CeilingScript(string keyPrefix)
{
    public const string Text = "return 1";

    public byte[] Sha1 { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(Text));

    /// <summary>A key like a session's, so the call has the shape of a session store's (and would route in a cluster).</summary>
    public RedisKey[] Keys { get; } = [$"{keyPrefix}{{ceiling}}"];
}

/// <summary>Loads the script before the app serves, as the store preloads its own, so every request sends EVALSHA alone.</summary>
internal sealed class CeilingScriptLoader(IConnectionMultiplexer redis) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            await redis.GetServer(endpoint).ScriptLoadAsync(CeilingScript.Text).WaitAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The ceiling app's session: <see cref="LoadAsync"/> is one EVALSHA, and the values are the no-session app's
/// per-request dictionary, so the endpoints do exactly the same work and nothing is ever committed.
/// </summary>
internal sealed class CeilingSession(IDatabase database, CeilingScript script) : ISession
{
    private readonly RequestLocalSession _values = new();

    public bool IsAvailable => true;

    public string Id => "ceiling";

    public IEnumerable<string> Keys => _values.Keys;

    // The token is not passed on: the floor is the call alone, and StackExchange.Redis cannot withdraw a sent command anyway.
    public Task LoadAsync(CancellationToken cancellationToken = default) => database.ScriptEvaluateAsync(script.Sha1, script.Keys);

    public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Clear() => _values.Clear();

    public void Remove(string key) => _values.Remove(key);

    public void Set(string key, byte[] value) => _values.Set(key, value);

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value) => _values.TryGetValue(key, out value);
}
