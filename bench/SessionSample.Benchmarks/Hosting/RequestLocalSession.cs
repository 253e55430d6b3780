using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>
/// What the no-session app's endpoints work on: a dictionary that lives for one request and starts
/// with the seeded cart. The endpoints then do the same work (parse the cart, encode values) as in the
/// other apps minus any session store, which makes this app the ceiling.
/// </summary>
internal sealed class RequestLocalSession : ISession
{
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal) { [Cart.Key] = Cart.SeedJson };

    public bool IsAvailable => true;

    public string Id => "request-local";

    public IEnumerable<string> Keys => _values.Keys;

    public void Clear() => _values.Clear();

    public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task LoadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Remove(string key) => _values.Remove(key);

    public void Set(string key, byte[] value) => _values[key] = value;

    public bool TryGetValue(string key, [NotNullWhen(true)] out byte[]? value) => _values.TryGetValue(key, out value);
}
