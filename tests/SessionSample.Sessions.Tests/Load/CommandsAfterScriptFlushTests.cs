using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Load;

/// <summary>
/// After every primary forgets its scripts (a restart without persistence, a failover: NOSCRIPT), the first
/// request is still answered, and from then on a request costs what it did before: one EVALSHA to read, two to
/// read and write, and no SCRIPT LOAD or EVAL per request. Runs against redis-server, Garnet and a 6-node cluster.
/// </summary>
public abstract class CommandsAfterScriptFlushTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task After_a_script_flush_the_first_request_succeeds_and_later_ones_send_evalsha_alone()
    {
        using var client = await NewSessionAsync();
        await FlushScriptsEverywhereAsync();

        var firstRead = await CountAsync(() => client.GetAsync("/read/seed"));
        Assert.NotEmpty(firstRead);
        await SessionClient.EnsureSuccessAsync(await client.PostAsync("/write/a?value=1"));

        var read = await CountAsync(() => client.GetAsync("/read/a"));
        var readThenWrite = await CountAsync(() => client.PostAsync("/write/b?value=2"));

        Assert.Single(read);
        Assert.Equal(2, readThenWrite.Count);
        Assert.All(read.Concat(readThenWrite), command =>
            Assert.StartsWith("EVALSHA", command.Trim('"'), StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            new Dictionary<string, string> { ["seed"] = "1", ["a"] = "1", ["b"] = "2" },
            (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    private async Task FlushScriptsEverywhereAsync()
    {
        var flushed = 0;
        foreach (var endpoint in Fixture.Admin.GetEndPoints())
        {
            var server = Fixture.Admin.GetServer(endpoint);
            if (!server.IsReplica)
            {
                Assert.Equal("OK", (string?)await server.ExecuteAsync("SCRIPT", "FLUSH"));
                flushed++;
            }
        }

        Assert.True(flushed > 0, "no primary was flushed");
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisCommandsAfterScriptFlushTests(RedisSessionServerFixture fixture) : CommandsAfterScriptFlushTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetCommandsAfterScriptFlushTests(GarnetSessionServerFixture fixture) : CommandsAfterScriptFlushTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterCommandsAfterScriptFlushTests(ClusterSessionServerFixture fixture) : CommandsAfterScriptFlushTests(fixture);
