using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Size;

/// <summary>
/// A write that would take the session over its hard limit is refused, whether the request loaded the session
/// (refused at the call) or wrote blind (refused by the commit script), and the session keeps its data. The store
/// without HTTP (<see cref="StoreHost"/>). Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class SizeRefusalStoreTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    private const int HardSessionBytes = 3_000;

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_over_the_hard_session_limit_is_refused_and_the_session_keeps_its_data(bool loaded)
    {
        await using var host = await Fixture.StartHostAsync(options =>
        {
            options.HardSessionBytes = HardSessionBytes;
            options.SoftSessionBytes = HardSessionBytes;
        });
        var (a, b) = (new string('a', 1_000), new string('b', 1_000));
        var cookie = (await host.WriteAsync(null, ("a", a), ("b", b)))!;
        var bytes = await Fixture.Store.StoredBytesAsync(cookie);

        var request = host.Begin(cookie);
        if (loaded)
        {
            await request.Session.LoadAsync();
            Assert.Throws<SessionSizeLimitExceededException>(() => request.Session.SetString("c", new string('c', 1_500)));
            await request.EndAsync();
        }
        else
        {
            request.Session.SetString("c", new string('c', 1_500));
            await Assert.ThrowsAsync<SessionSizeLimitExceededException>(request.EndAsync);
        }

        Assert.Equal(bytes, await Fixture.Store.StoredBytesAsync(cookie));
        Assert.Equal(new Dictionary<string, string> { ["a"] = a, ["b"] = b }, await host.ReadAsync(cookie));
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisSizeRefusalStoreTests(RedisSessionServerFixture fixture) : SizeRefusalStoreTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetSizeRefusalStoreTests(GarnetSessionServerFixture fixture) : SizeRefusalStoreTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterSizeRefusalStoreTests(ClusterSessionServerFixture fixture) : SizeRefusalStoreTests(fixture);
