using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Regeneration;

/// <summary>
/// Regeneration moves the data to a new id and invalidation ends it; either leaves a tombstone under the old id that
/// finds nothing and refuses a late write. The store without HTTP (<see cref="StoreHost"/>). Runs against
/// redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class IdChangeStoreTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Regeneration_keeps_the_data_under_a_new_cookie_and_the_old_id_finds_nothing()
    {
        var oldCookie = (await Fixture.Host.WriteAsync(null, ("seed", "1")))!;
        var request = Fixture.Host.Begin(oldCookie);
        await request.Session.RegenerateIdAsync();
        var newCookie = await request.EndAsync();

        Assert.NotNull(newCookie);
        Assert.NotEqual(oldCookie, newCookie);
        Assert.Equal(new Dictionary<string, string> { ["seed"] = "1" }, await Fixture.Host.ReadAsync(newCookie));
        Assert.Equal(StoredState.Moved, await Fixture.Store.StateAsync(Fixture.Store.SessionKey(oldCookie)));
        Assert.Empty(await Fixture.Host.ReadAsync(oldCookie));
        Assert.True(await Fixture.Store.IsLiveAsync(newCookie));
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_late_write_under_the_old_id_is_refused_by_the_tombstone(bool regenerate)
    {
        var oldCookie = (await Fixture.Host.WriteAsync(null, ("seed", "1")))!;
        var late = Fixture.Host.Begin(oldCookie);
        await late.Session.LoadAsync();

        var changing = Fixture.Host.Begin(oldCookie);
        await (regenerate ? changing.Session.RegenerateIdAsync() : changing.Session.InvalidateAsync());
        var cookie = await changing.EndAsync();
        Assert.Equal(regenerate ? StoredState.Moved : StoredState.Ended, await Fixture.Store.StateAsync(Fixture.Store.SessionKey(oldCookie)));
        Assert.Equal(regenerate, cookie is not null);

        late.Session.SetString("late", "x");
        await Assert.ThrowsAsync<SessionEndedException>(late.EndAsync);

        // Refused, and it handed out no cookie: the tombstone stands and the old id still finds nothing.
        Assert.Equal(oldCookie, late.Cookie);
        Assert.Equal(regenerate ? StoredState.Moved : StoredState.Ended, await Fixture.Store.StateAsync(Fixture.Store.SessionKey(oldCookie)));
        Assert.Empty(await Fixture.Host.ReadAsync(oldCookie));
        if (cookie is not null)
        {
            Assert.Equal(new Dictionary<string, string> { ["seed"] = "1" }, await Fixture.Host.ReadAsync(cookie));
        }
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisIdChangeStoreTests(RedisSessionServerFixture fixture) : IdChangeStoreTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetIdChangeStoreTests(GarnetSessionServerFixture fixture) : IdChangeStoreTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterIdChangeStoreTests(ClusterSessionServerFixture fixture) : IdChangeStoreTests(fixture);
