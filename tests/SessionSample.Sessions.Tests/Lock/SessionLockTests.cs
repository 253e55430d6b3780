using System.Diagnostics;
using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Lock;

public sealed class SessionLockTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_second_request_waits_then_gets_423_with_retry_after()
    {
        using var holder = await SessionAsync();
        using var second = new SessionClient(_app.Address) { Cookie = holder.Cookie };

        var (entered, release) = (TestSignals.NewName(), TestSignals.NewName());
        var holding = holder.PostAsync($"/locked/first?entered={entered}&release={release}");
        await TestSignals.WaitAsync(entered);
        var waited = Stopwatch.StartNew();
        using var refused = await second.PostAsync("/locked/second");
        waited.Stop();
        TestSignals.Set(release);

        await TestHttp.AssertProblemAsync(refused, HttpStatusCode.Locked, "Session locked");
        // It waited its full wait time, and not without bound (the upper margin is for a busy machine).
        Assert.InRange(waited.Elapsed, TestEndpoints.ShortLockWait - TimeSpan.FromMilliseconds(50), TestEndpoints.ShortLockWait + TimeSpan.FromSeconds(4));
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)TestEndpoints.ShortLockHold.TotalSeconds);

        using (var held = await holding)
        {
            Assert.Equal(HttpStatusCode.NoContent, held.StatusCode);
        }

        // Released by its owner at the end of the request: the next one goes straight through.
        var next = Stopwatch.StartNew();
        using var after = await second.PostAsync("/locked/third");
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.True(next.Elapsed < TestEndpoints.ShortLockWait, $"took {next.Elapsed}");
        var values = (await holder.GetJsonAsync<SessionView>("/read")).Values;
        Assert.Equal("done", values["first"]);
        Assert.Equal("done", values["third"]);
        Assert.False(values.ContainsKey("second"));
    }

    [Fact]
    public async Task A_waiting_request_gets_the_lock_when_the_holder_finishes()
    {
        using var holder = await SessionAsync();
        using var second = new SessionClient(_app.Address) { Cookie = holder.Cookie };

        var (entered, release) = (TestSignals.NewName(), TestSignals.NewName());
        var holding = holder.PostAsync($"/locked/first?entered={entered}&release={release}");
        await TestSignals.WaitAsync(entered);
        var waiting = second.PostAsync("/locked-patient/second");
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "the second request did not wait for the lock");
        TestSignals.Set(release);

        using var served = await waiting;
        Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);
        using var held = await holding;
        Assert.Equal(HttpStatusCode.NoContent, held.StatusCode);
    }

    [Fact]
    public async Task A_lock_left_by_a_crashed_holder_is_released_within_its_hold_time()
    {
        using var client = await SessionAsync();
        // What a holder leaves behind when its process dies mid-request: the lock key with its hold time.
        var lockKey = _app.LockKey(client.Cookie!);
        Assert.Equal("+OK", await servers.Sessions.CommandAsync("SET", lockKey, "crashed-holder", "PX", "1500", "NX"));

        var waited = Stopwatch.StartNew();
        using var served = await client.PostAsync("/locked-patient/after-crash");

        Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(1.2), TestEndpoints.PatientLockWait);
        Assert.Equal("done", (await client.GetJsonAsync<SessionView>("/read")).Values["after-crash"]);
    }

    private async Task<SessionClient> SessionAsync()
    {
        var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        return client;
    }
}
