using System.Security.Cryptography;
using System.Text;
using SessionSample.Sessions.Locking;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Throttling;
using SessionSample.Sessions.WriteThrough;

namespace SessionSample.Sessions.Tests.Load;

/// <summary>
/// The preloader loads the core's scripts and those of the modules the app added, on every primary, and no other
/// module's: an app without write-through never sends increment.lua or swap.lua to Redis. Runs against redis-server,
/// Garnet and a 6-node cluster.
/// </summary>
public abstract class ModuleScriptsPreloadTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    // Scripts only a request of the module sends (the index's are also sent by the apps' background activity).
    private static readonly StoreScript[] s_requestOnly = [SessionLockHook.Script, SignInThrottle.Script];

    [SkippableFact(typeof(MissingToolException))]
    public async Task The_preloader_loads_the_core_and_the_added_modules_scripts_only()
    {
        await FlushScriptsEverywhereAsync();
        await using (await Fixture.StartHostAsync(_ => { }))
        {
            Assert.All(StoreScripts.All, script => Assert.True(Loaded(script), $"{script.Name} was not preloaded"));
            Assert.All([CounterStore.Increment, CounterStore.Swap, .. s_requestOnly], script => Assert.False(Loaded(script), $"{script.Name} was loaded without its module"));
        }

        await using (await Fixture.StartHostAsync(_ => { }, sessions => sessions.AddWriteThrough()))
        {
            Assert.True(Loaded(CounterStore.Increment), "increment was not preloaded with AddWriteThrough()");
            Assert.True(Loaded(CounterStore.Swap), "swap was not preloaded with AddWriteThrough()");
            Assert.All(s_requestOnly, script => Assert.False(Loaded(script), $"{script.Name} was loaded without its module"));
        }
    }

    /// <summary>True when every primary knows <paramref name="script"/> (SCRIPT EXISTS of its SHA-1).</summary>
    private bool Loaded(StoreScript script)
    {
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(script.Text)));
        var primaries = Fixture.Admin.GetEndPoints().Select(endpoint => Fixture.Admin.GetServer(endpoint)).Where(server => !server.IsReplica).ToList();
        Assert.NotEmpty(primaries);
        return primaries.All(server => (long)((StackExchange.Redis.RedisResult[])server.Execute("SCRIPT", "EXISTS", sha)!)[0] == 1);
    }

    private async Task FlushScriptsEverywhereAsync()
    {
        foreach (var server in Fixture.Admin.GetEndPoints().Select(endpoint => Fixture.Admin.GetServer(endpoint)).Where(server => !server.IsReplica))
        {
            Assert.Equal("OK", (string?)await server.ExecuteAsync("SCRIPT", "FLUSH"));
        }
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisModuleScriptsPreloadTests(RedisSessionServerFixture fixture) : ModuleScriptsPreloadTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetModuleScriptsPreloadTests(GarnetSessionServerFixture fixture) : ModuleScriptsPreloadTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterModuleScriptsPreloadTests(ClusterSessionServerFixture fixture) : ModuleScriptsPreloadTests(fixture);
