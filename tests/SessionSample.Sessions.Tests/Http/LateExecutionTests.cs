using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>
/// Redis stalls (SIGSTOP) while a command that changes more than data is in flight, past the operation budget,
/// then resumes and runs it: the request already answered 503. What the store left behind must still work.
/// Its own redis-server per test (SIGSTOP needs the server's own process).
/// </summary>
public sealed class LateExecutionTests : IsolatedRedis
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    private TestApp _app = null!;

    protected override RedisServerOptions Options => new() { Engine = RedisEngine.RedisServer };

    protected override async Task StartedAsync()
    {
        _app = Own(await TestApp.StartAsync(Redis.ConnectionString, configure: options => options.OperationBudget = Budget));
        await _app.WarmUpAsync();
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_regeneration_that_timed_out_and_ran_late_leaves_the_data_reachable_with_the_browsers_cookie()
    {
        // Right: whatever Redis did with a timed-out regeneration, the browser's cookie still leads to its data (e.g. the 503 carries the new id, or the move is confirmed or undone).
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        var oldKey = _app.SessionKey(client.Cookie!);
        await RegenerationTimedOutAsync(client);
        var oldKeyAfter = await (await InspectAsync(_app)).StateAsync(oldKey);
        var view = await client.GetJsonAsync<SessionView>("/read");
        Assert.True(
            view.Values.GetValueOrDefault("seed") == "1",
            $"the session's data is not reachable with the browser's cookie after a timed-out regeneration (the old id's key: {oldKeyAfter}; read: [{string.Join(", ", view.Values.Keys)}])");
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_regeneration_that_timed_out_gives_the_session_back_as_soon_as_redis_resumes()
    {
        // Right: the move's abort is queued behind its late first step, so the next write with the browser's cookie is
        // saved at once, not refused as "moving" until the move's deadline (3 budgets) passes.
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        await RegenerationTimedOutAsync(client);
        using var write = await client.PostAsync("/write/after?value=2");
        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        var values = (await client.GetJsonAsync<SessionView>("/read")).Values;
        Assert.Equal(("1", "2"), (values.GetValueOrDefault("seed"), values.GetValueOrDefault("after")));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_lock_attempt_that_timed_out_and_ran_late_leaves_no_lock_behind()
    {
        // Right: a request whose lock attempt failed holds nothing, so the next request on the session gets the lock at once (not 423 until the orphaned hold runs out).
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        HttpStatusCode status;
        Redis.Pause();
        try
        {
            using var response = await client.PostAsync("/locked/first");
            status = response.StatusCode;
        }
        finally
        {
            Redis.Resume();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("+PONG", await Redis.CommandAsync("PING"));
        using var next = await client.PostAsync("/locked/second");
        Assert.Equal(HttpStatusCode.NoContent, next.StatusCode);
    }

    /// <summary>A regeneration whose move is sent while Redis is paused: it answers 503; Redis then resumes.</summary>
    private async Task RegenerationTimedOutAsync(SessionClient client)
    {
        var (ready, release) = (TestSignals.NewName(), TestSignals.NewName());
        var regenerating = client.PostAsync($"/regenerate?loadFirst=true&ready={ready}&release={release}");
        await TestSignals.WaitAsync(ready);

        HttpStatusCode status;
        Redis.Pause();
        try
        {
            TestSignals.Set(release);
            using var response = await regenerating;
            status = response.StatusCode;
        }
        finally
        {
            Redis.Resume();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("+PONG", await Redis.CommandAsync("PING"));
    }
}
