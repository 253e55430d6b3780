using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.WriteThrough;

/// <summary>
/// Counters and flashes: exact under concurrency, and a flash is read once whichever app reads it. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class CounterAndFlashTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Hundred_concurrent_increments_of_one_key_count_to_hundred()
    {
        using var client = await NewSessionAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var concurrent = WithCookie(client.Cookie!);
            return (await concurrent.PostJsonAsync<CounterView>("/incr/hits")).Value;
        }));

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), results.Order());
        Assert.Equal("100", (await client.GetJsonAsync<ValueView>("/read/hits")).Value);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_flash_is_read_exactly_once()
    {
        using var client = App.NewClient();
        using (var response = await client.PostAsync("/flash?message=saved"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.NotNull(client.Cookie);
        await client.PostAsync("/flash?message=and%20sent");

        Assert.Equal(["saved", "and sent"], (await client.GetJsonAsync<FlashView>("/flashes")).Messages);
        Assert.Empty((await client.GetJsonAsync<FlashView>("/flashes")).Messages);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_flash_set_by_one_app_is_read_once_by_the_other()
    {
        using var web = App.NewClient();
        await web.PostJsonAsync<ValueView>("/write/seed?value=1");
        using var api = new SessionClient(Fixture.SecondApp.Address) { Cookie = web.Cookie };

        // Both apps add a flash at the same moment: separate fields, so neither overwrites the other.
        var added = await Task.WhenAll(web.PostAsync("/flash?message=from-web"), api.PostAsync("/flash?message=from-api"));
        Assert.All(added, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));

        var takenByApi = (await api.GetJsonAsync<FlashView>("/flashes")).Messages;
        Assert.Equal(["from-api", "from-web"], takenByApi.Order());
        Assert.Empty((await web.GetJsonAsync<FlashView>("/flashes")).Messages);
        Assert.Empty((await api.GetJsonAsync<FlashView>("/flashes")).Messages);

        await api.PostAsync("/flash?message=back");
        Assert.Equal(["back"], (await web.GetJsonAsync<FlashView>("/flashes")).Messages);
        Assert.Empty((await api.GetJsonAsync<FlashView>("/flashes")).Messages);
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisCounterAndFlashTests(RedisSessionServerFixture fixture) : CounterAndFlashTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetCounterAndFlashTests(GarnetSessionServerFixture fixture) : CounterAndFlashTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterCounterAndFlashTests(ClusterSessionServerFixture fixture) : CounterAndFlashTests(fixture);
