using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Regeneration;

/// <summary>
/// Regeneration moves the data to a new id, invalidation deletes it, and neither can be undone by a late or racing request. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class RegenerationAndInvalidationTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Regeneration_keeps_the_data_and_the_old_id_finds_nothing()
    {
        using var client = await NewSessionAsync();
        var oldCookie = client.Cookie!;

        using (var response = await client.PostAsync("/regenerate"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.False(string.IsNullOrEmpty(SessionClient.SetCookieValue(response)));
        }

        Assert.NotEqual(oldCookie, client.Cookie);
        Assert.NotEqual(Fixture.SessionKey(oldCookie), Fixture.SessionKey(client.Cookie!));
        Assert.Equal("1", (await client.GetJsonAsync<SessionView>("/read")).Values["seed"]);
        Assert.False(await Fixture.Store.IsLiveAsync(oldCookie));

        using var attacker = WithCookie(oldCookie);
        Assert.Empty((await attacker.GetJsonAsync<SessionView>("/read")).Values);
        Assert.True(await Fixture.Store.IsLiveAsync(client.Cookie!));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Invalidation_deletes_the_data_and_starts_a_fresh_session()
    {
        using var client = await NewSessionAsync();
        var oldCookie = client.Cookie!;

        using (var response = await client.PostAsync("/invalidate"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal(string.Empty, SessionClient.SetCookieValue(response));
        }

        Assert.Null(client.Cookie);
        Assert.False(await Fixture.Store.IsLiveAsync(oldCookie));
        using var replay = WithCookie(oldCookie);
        Assert.Empty((await replay.GetJsonAsync<SessionView>("/read")).Values);

        await client.PostJsonAsync<ValueView>("/write/fresh?value=yes");
        Assert.NotEqual(oldCookie, client.Cookie);
        Assert.Equal(new Dictionary<string, string> { ["fresh"] = "yes" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("/regenerate")]
    [InlineData("/invalidate")]
    public async Task A_late_commit_on_a_renamed_or_deleted_session_does_not_resurrect_it(string path)
    {
        using var client = await NewSessionAsync();
        var oldCookie = client.Cookie!;
        using var slowClient = WithCookie(oldCookie);

        var (loaded, release) = (TestSignals.NewName(), TestSignals.NewName());
        var slow = slowClient.PostAsync($"/slow-write/late?value=x&loaded={loaded}&release={release}");
        await TestSignals.WaitAsync(loaded);
        using (var response = await client.PostAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        TestSignals.Set(release);

        using (var late = await slow)
        {
            // The late request's write is refused, never silently dropped (409, logged and counted), and it hands out no cookie.
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Null(SessionClient.SetCookieValue(late));
        }

        Assert.False(await Fixture.Store.IsLiveAsync(oldCookie));
        using var replay = WithCookie(oldCookie);
        Assert.Empty((await replay.GetJsonAsync<SessionView>("/read")).Values);
        if (client.Cookie is not null)
        {
            var current = await client.GetJsonAsync<SessionView>("/read");
            Assert.False(current.Values.ContainsKey("late"));
            Assert.Equal("1", current.Values["seed"]);
        }
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_concurrent_regenerations_leave_one_live_session(bool loadFirst)
    {
        using var client = await NewSessionAsync();
        var oldCookie = client.Cookie!;
        using var first = WithCookie(oldCookie);
        using var second = WithCookie(oldCookie);

        // Both requests get ready (loaded, if asked) before either regenerates: a real race on one id.
        var (firstReady, secondReady, release) = (TestSignals.NewName(), TestSignals.NewName(), TestSignals.NewName());
        var racing = new[]
        {
            first.PostAsync($"/regenerate?loadFirst={loadFirst}&ready={firstReady}&release={release}"),
            second.PostAsync($"/regenerate?loadFirst={loadFirst}&ready={secondReady}&release={release}"),
        };
        await Task.WhenAll(TestSignals.WaitAsync(firstReady), TestSignals.WaitAsync(secondReady));
        TestSignals.Set(release);
        var responses = await Task.WhenAll(racing);

        // The loser's regeneration did not happen, so it does not answer success: 409, and no cookie.
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var issued = responses.Select(SessionClient.SetCookieValue).Where(c => !string.IsNullOrEmpty(c)).ToList();
        Assert.Single(issued);
        Assert.False(await Fixture.Store.IsLiveAsync(oldCookie));
        Assert.True(await Fixture.Store.IsLiveAsync(issued[0]!));
        using var winner = WithCookie(issued[0]!);
        Assert.Equal("1", (await winner.GetJsonAsync<SessionView>("/read")).Values["seed"]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisRegenerationAndInvalidationTests(RedisSessionServerFixture fixture) : RegenerationAndInvalidationTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetRegenerationAndInvalidationTests(GarnetSessionServerFixture fixture) : RegenerationAndInvalidationTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterRegenerationAndInvalidationTests(ClusterSessionServerFixture fixture) : RegenerationAndInvalidationTests(fixture);
