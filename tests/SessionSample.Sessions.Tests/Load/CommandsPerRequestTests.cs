using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Load;

/// <summary>
/// What a request costs in Redis commands: nothing untouched, one to read, two to read and write. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class CommandsPerRequestTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Commands_per_request_are_zero_untouched_one_read_two_read_and_write()
    {
        using var client = App.NewClient();

        var newSessionWrite = await CountAsync(() => client.PostAsync("/write/a?value=1"));
        Assert.NotNull(client.Cookie);
        var untouched = await CountAsync(() => client.GetAsync("/untouched"));
        var readOnly = await CountAsync(() => client.GetAsync("/read/a"));
        var readThenWrite = await CountAsync(() => client.PostAsync("/write/b?value=2"));
        var blindWrite = await CountAsync(() => client.PostAsync("/blind/c?value=3"));
        using var stranger = App.NewClient();
        var newSessionRead = await CountAsync(() => stranger.GetAsync("/read/a"));

        Assert.Empty(untouched);
        Assert.Single(readOnly);
        Assert.Equal(2, readThenWrite.Count);
        // A brand-new session has nothing to load: its first write is its only command.
        Assert.Single(newSessionWrite);
        // A write without a read needs no load either.
        Assert.Single(blindWrite);
        // A visitor without a cookie who is never written costs nothing and is never stored.
        Assert.Empty(newSessionRead);
        Assert.Null(stranger.Cookie);
        Assert.All(readOnly.Concat(readThenWrite).Concat(newSessionWrite).Concat(blindWrite), command =>
            Assert.StartsWith("EVALSHA", command.Trim('"'), StringComparison.OrdinalIgnoreCase));

        var view = await client.GetJsonAsync<SessionView>("/read");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" }, view.Values);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_write_through_costs_one_command_and_a_flash_one_to_add_and_one_to_take()
    {
        using var client = await NewSessionAsync();
        // Once each uncounted: another suite may have flushed the scripts (the preload itself is ModuleScriptsPreloadTests').
        await client.PostJsonAsync<CounterView>("/incr/warm");
        await SessionClient.EnsureSuccessAsync(await client.PostAsync("/set-now/warm?bytes=1"));

        var increment = await CountAsync(() => client.PostAsync("/incr/n"));
        var setNow = await CountAsync(() => client.PostAsync("/set-now/k?bytes=3"));
        var addFlash = await CountAsync(() => client.PostAsync("/flash?message=hi"));
        var takeFlashes = await CountAsync(() => client.GetAsync("/flashes"));

        Assert.Single(increment);
        Assert.Single(setNow);
        Assert.Single(addFlash);
        Assert.Single(takeFlashes);
        Assert.All(increment.Concat(setNow).Concat(addFlash).Concat(takeFlashes), command =>
            Assert.StartsWith("EVALSHA", command.Trim('"'), StringComparison.OrdinalIgnoreCase));
        Assert.Empty((await client.GetJsonAsync<FlashView>("/flashes")).Messages);
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisCommandsPerRequestTests(RedisSessionServerFixture fixture) : CommandsPerRequestTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetCommandsPerRequestTests(GarnetSessionServerFixture fixture) : CommandsPerRequestTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterCommandsPerRequestTests(ClusterSessionServerFixture fixture) : CommandsPerRequestTests(fixture);
