namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A behaviour suite that runs on every engine: each topic is an abstract class deriving from this one, with one
/// sealed subclass per engine in that engine's collection, so one store and its apps serve every topic of an engine.
/// </summary>
public abstract class EngineSuiteTests(SessionServerFixture fixture)
{
    protected SessionServerFixture Fixture => fixture;

    protected TestApp App => fixture.App;

    /// <summary>The commands the first app sent to Redis while <paramref name="request"/> ran (it must succeed).</summary>
    protected async Task<IReadOnlyList<string>> CountAsync(Func<Task<HttpResponseMessage>> request) =>
        await fixture.Counter.CaptureAsync(async () =>
        {
            using var response = await request();
            await SessionClient.EnsureSuccessAsync(response);
        });

    /// <summary>A client holding a stored session with one value, <c>seed=1</c>.</summary>
    protected async Task<SessionClient> NewSessionAsync()
    {
        var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        Assert.NotNull(client.Cookie);
        return client;
    }

    protected SessionClient WithCookie(string cookie) => new(App.Address) { Cookie = cookie };
}

/// <summary>One store per engine, shared by every behaviour suite of that engine (the suites of one engine run one after another).</summary>
public static class EngineCollections
{
    public const string Redis = "redis-server behaviour";
    public const string Garnet = "Garnet behaviour";
    public const string Cluster = "cluster behaviour";
}

[CollectionDefinition(EngineCollections.Redis)]
public sealed class RedisBehaviourCollection : ICollectionFixture<RedisSessionServerFixture>;

[CollectionDefinition(EngineCollections.Garnet)]
public sealed class GarnetBehaviourCollection : ICollectionFixture<GarnetSessionServerFixture>;

[CollectionDefinition(EngineCollections.Cluster)]
public sealed class ClusterBehaviourCollection : ICollectionFixture<ClusterSessionServerFixture>;
