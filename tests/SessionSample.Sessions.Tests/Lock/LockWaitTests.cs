using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Lock;

/// <summary>
/// The session lock makes a second request on the same session wait for the first. Runs against redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class LockWaitTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task The_session_lock_makes_a_second_request_wait_for_the_first()
    {
        using var holder = await NewSessionAsync();
        using var second = WithCookie(holder.Cookie!);

        var (entered, release) = (TestSignals.NewName(), TestSignals.NewName());
        var holding = holder.PostAsync($"/locked/first?entered={entered}&release={release}");
        await TestSignals.WaitAsync(entered);
        var waiting = second.PostAsync("/locked-patient/second");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the second request did not wait for the lock");
        TestSignals.Set(release);

        using var served = await waiting;
        using var held = await holding;
        Assert.Equal(HttpStatusCode.NoContent, held.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);
    }
}

[Collection(EngineCollections.Redis)]
public sealed class RedisLockWaitTests(RedisSessionServerFixture fixture) : LockWaitTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetLockWaitTests(GarnetSessionServerFixture fixture) : LockWaitTests(fixture);

[Collection(EngineCollections.Cluster)]
public sealed class ClusterLockWaitTests(ClusterSessionServerFixture fixture) : LockWaitTests(fixture);
