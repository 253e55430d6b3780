using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Expiry;

/// <summary>
/// An idle session expires in Redis and a write afterwards starts a new one. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class IdleExpiryTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task An_idle_session_expires_and_a_write_afterwards_starts_a_new_one()
    {
        using var client = new SessionClient(Fixture.ShortLivedApp.Address);
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        var expired = client.Cookie!;

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await Fixture.Store.IsLiveAsync(expired))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the idle session never expired");
            await Task.Delay(100);
        }

        Assert.Empty((await client.GetJsonAsync<SessionView>("/read")).Values);
        Assert.Equal(expired, client.Cookie);
        using (var written = await client.PostAsync("/incr/after"))
        {
            await SessionClient.EnsureSuccessAsync(written);
        }

        Assert.NotEqual(expired, client.Cookie);
        Assert.Equal(new Dictionary<string, string> { ["after"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisIdleExpiryTests(RedisSessionServerFixture fixture) : IdleExpiryTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetIdleExpiryTests(GarnetSessionServerFixture fixture) : IdleExpiryTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterIdleExpiryTests(ClusterSessionServerFixture fixture) : IdleExpiryTests(fixture);
