using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Expiry;

/// <summary>
/// A load slides the idle expiry back to the full timeout, never past the absolute lifetime. The store without
/// HTTP (<see cref="StoreHost"/>). Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class ExpirySlideStoreTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task A_load_slides_the_idle_expiry_back_to_the_full_timeout()
    {
        var idle = new RedisSessionOptions().IdleTimeout;
        var cookie = (await Fixture.Host.WriteAsync(null, ("a", "1")))!;
        var key = Fixture.Store.SessionKey(cookie);
        Assert.InRange(await TtlAsync(key), idle - TimeSpan.FromMinutes(1), idle);

        // As if the session had been idle for almost the whole timeout: one load puts it back.
        await Fixture.Admin.GetDatabase().KeyExpireAsync(key, TimeSpan.FromSeconds(5));
        Assert.Equal("1", (await Fixture.Host.ReadAsync(cookie))["a"]);

        Assert.InRange(await TtlAsync(key), idle - TimeSpan.FromMinutes(1), idle);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task The_absolute_lifetime_caps_the_slide()
    {
        var lifetime = TimeSpan.FromMinutes(30);
        await using var capped = await Fixture.StartHostAsync(options => options.AbsoluteLifetime = lifetime);
        var cookie = (await capped.WriteAsync(null, ("a", "1")))!;
        var key = Fixture.Store.SessionKey(cookie);
        await Fixture.Admin.GetDatabase().KeyExpireAsync(key, TimeSpan.FromSeconds(5));

        Assert.Equal("1", (await capped.ReadAsync(cookie))["a"]);

        // Slid, but to the absolute end (an uncapped slide would give the two-hour idle timeout).
        Assert.InRange(await TtlAsync(key), lifetime - TimeSpan.FromMinutes(1), lifetime);
    }

    private async Task<TimeSpan> TtlAsync(StackExchange.Redis.RedisKey key) =>
        await Fixture.Admin.GetDatabase().KeyTimeToLiveAsync(key) ?? throw new InvalidOperationException($"{key} has no expiry.");
}

[Collection(EngineCollections.Redis)]
public sealed class RedisExpirySlideStoreTests(RedisSessionServerFixture fixture) : ExpirySlideStoreTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetExpirySlideStoreTests(GarnetSessionServerFixture fixture) : ExpirySlideStoreTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterExpirySlideStoreTests(ClusterSessionServerFixture fixture) : ExpirySlideStoreTests(fixture);
