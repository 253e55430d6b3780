using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Cookies;

/// <summary>
/// The raw session id stays in the cookie: it is never stored in Redis or sent to it. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class RawSessionIdTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task No_raw_session_id_is_stored_in_redis_or_sent_to_it()
    {
        using var client = App.NewClient();
        string? beforeSignIn = null;
        var sent = await Fixture.Counter.CaptureAsync(async () =>
        {
            await client.PostJsonAsync<ValueView>("/write/seed?value=1");
            beforeSignIn = client.Cookie;
            (await client.PostAsync("/flash?message=hello")).Dispose();
            (await client.PostAsync($"/locked/held?entered={TestSignals.NewName()}")).Dispose();
            (await client.PostAsync("/sign-in?user=alice")).Dispose();
            (await client.PostAsync("/incr/visits")).Dispose();
            await client.GetJsonAsync<SessionView>("/read");
        });
        var rawIds = new[] { App.RawSessionId(beforeSignIn!), App.RawSessionId(client.Cookie!) };
        Assert.NotEqual(rawIds[0], rawIds[1]);

        var stored = await Fixture.EverythingStoredAsync();
        Assert.Contains(stored, text => text.Contains("alice", StringComparison.Ordinal));
        Assert.All(rawIds, id => Assert.DoesNotContain(stored, text => text.Contains(id, StringComparison.Ordinal)));
        Assert.All(rawIds, id => Assert.DoesNotContain(sent, command => command.Contains(id, StringComparison.Ordinal)));
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisRawSessionIdTests(RedisSessionServerFixture fixture) : RawSessionIdTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetRawSessionIdTests(GarnetSessionServerFixture fixture) : RawSessionIdTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterRawSessionIdTests(ClusterSessionServerFixture fixture) : RawSessionIdTests(fixture);
