using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Commit;

/// <summary>
/// A commit writes only what its request changed, so requests under one cookie that change different keys keep
/// each other's writes. The store without HTTP (<see cref="StoreHost"/>). Runs against redis-server, Garnet and a
/// 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class ChangedKeysCommitTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Two_loaded_sessions_changing_different_keys_keep_both_changes_and_the_untouched_key()
    {
        var cookie = (await Fixture.Host.WriteAsync(null, ("a", "0"), ("b", "0"), ("c", "0"), ("kept", "0")))!;
        var first = Fixture.Host.Begin(cookie);
        var second = Fixture.Host.Begin(cookie);
        await first.Session.LoadAsync();
        await second.Session.LoadAsync();

        first.Session.SetString("a", "first");
        second.Session.SetString("b", "second");
        second.Session.Remove("c");
        Assert.Equal(cookie, await first.EndAsync());
        Assert.Equal(cookie, await second.EndAsync());

        // The second commit, from a snapshot where a was still 0, did not write a back.
        Assert.Equal(new Dictionary<string, string> { ["a"] = "first", ["b"] = "second", ["kept"] = "0" }, await Fixture.Host.ReadAsync(cookie));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Fifty_concurrent_sessions_under_one_cookie_each_setting_a_different_key_keep_all_fifty()
    {
        var cookie = (await Fixture.Host.WriteAsync(null, ("seed", "1")))!;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Fixture.Host.WriteAsync(cookie, ($"k{i}", $"v{i}"))));

        var values = await Fixture.Host.ReadAsync(cookie);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal($"v{i}", values.GetValueOrDefault($"k{i}")));
        Assert.Equal(51, values.Count);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_session_that_is_only_read_writes_no_field()
    {
        var cookie = (await Fixture.Host.WriteAsync(null, ("a", "1")))!;
        var key = Fixture.Store.SessionKey(cookie);
        var stored = await Fixture.Admin.GetDatabase().HashGetAllAsync(key);
        Assert.NotEmpty(stored);

        Assert.Equal("1", (await Fixture.Host.ReadAsync(cookie))["a"]);

        Assert.Equal(stored.OrderBy(e => (string)e.Name!), (await Fixture.Admin.GetDatabase().HashGetAllAsync(key)).OrderBy(e => (string)e.Name!));
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisChangedKeysCommitTests(RedisSessionServerFixture fixture) : ChangedKeysCommitTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetChangedKeysCommitTests(GarnetSessionServerFixture fixture) : ChangedKeysCommitTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterChangedKeysCommitTests(ClusterSessionServerFixture fixture) : ChangedKeysCommitTests(fixture);
