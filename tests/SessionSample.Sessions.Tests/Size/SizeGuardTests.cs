using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Size;

/// <summary>
/// The size guard refuses a write over the session limit and the session keeps its data. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class SizeGuardTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task The_size_guard_refuses_a_write_over_the_limit_and_the_session_keeps_its_data()
    {
        using var client = await NewSessionAsync();
        var limit = new RedisSessionOptions().HardSessionBytes;

        // Four values just under the value limit fit; the fifth would take the session over 1 MiB.
        for (var i = 0; i < 4; i++)
        {
            using var fits = await client.PostAsync($"/blind-big/v{i}?bytes={(limit / 4) - 64}");
            await SessionClient.EnsureSuccessAsync(fits);
        }

        using (var refused = await client.PostAsync("/blind-big/over?bytes=4096"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        }

        Assert.InRange(await Fixture.Store.StoredBytesAsync(client.Cookie!), limit - 1024, limit);
        var keys = (await client.GetJsonAsync<SessionView>("/read")).Values.Keys.Order();
        Assert.Equal(["seed", "v0", "v1", "v2", "v3"], keys);
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisSizeGuardTests(RedisSessionServerFixture fixture) : SizeGuardTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetSizeGuardTests(GarnetSessionServerFixture fixture) : SizeGuardTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterSizeGuardTests(ClusterSessionServerFixture fixture) : SizeGuardTests(fixture);
