using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Regeneration;

/// <summary>
/// A regeneration of a session nothing is stored under (a first visit, or an id Redis no longer knows) only picks a
/// fresh id: no command, no cookie by itself; the first write then creates the session under that id with one cookie.
/// Runs against redis-server and Garnet, without HTTP.
/// </summary>
public abstract class RegenerateUnstoredTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Regenerating_a_new_session_sends_no_cookie_until_a_write_creates_it()
    {
        var idle = Fixture.Host.Begin();
        await idle.Session.RegenerateIdAsync();
        Assert.Null(await idle.EndAsync());

        var request = Fixture.Host.Begin();
        var first = request.Session.Id;
        await request.Session.RegenerateIdAsync();
        Assert.NotEqual(first, request.Session.Id);
        request.Session.SetString("a", "1");
        var cookie = await request.EndAsync();

        Assert.NotNull(cookie);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, await Fixture.Host.ReadAsync(cookie!));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Regenerating_an_expired_session_continues_as_a_new_one_and_never_revives_the_old_id()
    {
        var cookie = await Fixture.Host.WriteAsync(null, ("a", "1"));
        Assert.NotNull(cookie);
        await Fixture.Admin.GetDatabase().KeyDeleteAsync(Fixture.SessionKey(cookie!));

        var request = Fixture.Host.Begin(cookie);
        await request.Session.LoadAsync();
        await request.Session.RegenerateIdAsync();
        request.Session.SetString("b", "2");
        var renewed = await request.EndAsync();

        Assert.NotNull(renewed);
        Assert.NotEqual(cookie, renewed);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, await Fixture.Host.ReadAsync(renewed!));
        Assert.False(await Fixture.Admin.GetDatabase().KeyExistsAsync(Fixture.SessionKey(cookie!)));
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisRegenerateUnstoredTests(RedisSessionServerFixture fixture) : RegenerateUnstoredTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetRegenerateUnstoredTests(GarnetSessionServerFixture fixture) : RegenerateUnstoredTests(fixture);
