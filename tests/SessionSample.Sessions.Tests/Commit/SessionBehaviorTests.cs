using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Commit;

/// <summary>
/// The behaviour suite: concurrency, commands per request, increments, regeneration and its races,
/// invalidation, refused late writes, flash, the size guard, the lock and expiry. It runs against
/// redis-server, Garnet and a 6-node Redis Cluster (the subclasses at the end).
/// </summary>
public abstract class SessionBehaviorTests(SessionServerFixture fixture)
{
    private TestApp App => fixture.App;

    [SkippableFact(typeof(MissingToolException))]
    public async Task Fifty_concurrent_requests_under_one_cookie_each_setting_a_different_key_keep_all_fifty()
    {
        using var client = await NewSessionAsync();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var concurrent = WithCookie(client.Cookie!);
            using var response = await concurrent.PostAsync($"/write/k{i}?value=v{i}");
            await SessionClient.EnsureSuccessAsync(response);
        }));

        var view = await client.GetJsonAsync<SessionView>("/read");
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"v{i}", view.Values.GetValueOrDefault($"k{i}"));
        }

        Assert.Equal(51, view.Values.Count);
    }

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
    public async Task A_commit_setting_and_removing_more_fields_than_one_command_carries_keeps_exactly_the_result()
    {
        using var client = await NewSessionAsync();
        const int count = 1_234;

        using (var response = await client.PostAsync($"/many/old?count={count}"))
        {
            await SessionClient.EnsureSuccessAsync(response);
        }

        using (var response = await client.PostAsync($"/many/new?count={count}&removed=old&remove={count - 1}"))
        {
            await SessionClient.EnsureSuccessAsync(response);
        }

        var view = await client.GetJsonAsync<SessionView>("/read");
        Assert.Equal($"v{count - 1}", view.Values.GetValueOrDefault($"old{count - 1}"));
        Assert.DoesNotContain(view.Values.Keys, key => key.StartsWith("old", StringComparison.Ordinal) && key != $"old{count - 1}");
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal($"v{i}", view.Values.GetValueOrDefault($"new{i}")));
        // The seed key, the one old key kept and the new ones: nothing else, nothing lost.
        Assert.Equal(count + 2, view.Values.Count);
    }

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
        Assert.NotEqual(fixture.SessionKey(oldCookie), fixture.SessionKey(client.Cookie!));
        Assert.Equal("1", (await client.GetJsonAsync<SessionView>("/read")).Values["seed"]);
        Assert.False(await fixture.SessionExistsAsync(oldCookie));

        using var attacker = WithCookie(oldCookie);
        Assert.Empty((await attacker.GetJsonAsync<SessionView>("/read")).Values);
        Assert.True(await fixture.SessionExistsAsync(client.Cookie!));
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
        Assert.False(await fixture.SessionExistsAsync(oldCookie));
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

        Assert.False(await fixture.SessionExistsAsync(oldCookie));
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
        Assert.False(await fixture.SessionExistsAsync(oldCookie));
        Assert.True(await fixture.SessionExistsAsync(issued[0]!));
        using var winner = WithCookie(issued[0]!);
        Assert.Equal("1", (await winner.GetJsonAsync<SessionView>("/read")).Values["seed"]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
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
        using var api = new SessionClient(fixture.SecondApp.Address) { Cookie = web.Cookie };

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

    [SkippableFact(typeof(MissingToolException))]
    public async Task The_size_guard_refuses_a_write_over_the_limit_and_the_session_keeps_its_data()
    {
        using var client = await NewSessionAsync();
        var limit = new RedisSessionOptions().HardSessionBytes;

        // Four values just under the value limit fit; the fifth would take the session over 1 MiB.
        for (var i = 0; i < 4; i++)
        {
            using var fits = await client.PostAsync($"/blind-big/v{i}?bytes={(limit / 4) - 64}");
            await SessionClient.EnsureSuccessAsync(fits);
        }

        using (var refused = await client.PostAsync("/blind-big/over?bytes=4096"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        }

        Assert.InRange(await fixture.StoredBytesAsync(client.Cookie!), limit - 1024, limit);
        var keys = (await client.GetJsonAsync<SessionView>("/read")).Values.Keys.Order();
        Assert.Equal(["seed", "v0", "v1", "v2", "v3"], keys);
    }

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

    [SkippableFact(typeof(MissingToolException))]
    public async Task An_idle_session_expires_and_a_write_afterwards_starts_a_new_one()
    {
        using var client = new SessionClient(fixture.ShortLivedApp.Address);
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        var expired = client.Cookie!;

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await fixture.SessionExistsAsync(expired))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "the idle session never expired");
            await Task.Delay(100);
        }

        Assert.Empty((await client.GetJsonAsync<SessionView>("/read")).Values);
        Assert.Equal(expired, client.Cookie);
        using (var written = await client.PostAsync("/incr/after"))
        {
            await SessionClient.EnsureSuccessAsync(written);
        }

        Assert.NotEqual(expired, client.Cookie);
        Assert.Equal(new Dictionary<string, string> { ["after"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task No_raw_session_id_is_stored_in_redis_or_sent_to_it()
    {
        using var client = App.NewClient();
        string? beforeSignIn = null;
        var sent = await fixture.Counter.CaptureAsync(async () =>
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

        var stored = await fixture.EverythingStoredAsync();
        Assert.Contains(stored, text => text.Contains("alice", StringComparison.Ordinal));
        Assert.All(rawIds, id => Assert.DoesNotContain(stored, text => text.Contains(id, StringComparison.Ordinal)));
        Assert.All(rawIds, id => Assert.DoesNotContain(sent, command => command.Contains(id, StringComparison.Ordinal)));
    }

    private async Task<IReadOnlyList<string>> CountAsync(Func<Task<HttpResponseMessage>> request) =>
        await fixture.Counter.CaptureAsync(async () =>
        {
            using var response = await request();
            await SessionClient.EnsureSuccessAsync(response);
        });

    private async Task<SessionClient> NewSessionAsync()
    {
        var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        Assert.NotNull(client.Cookie);
        return client;
    }

    private SessionClient WithCookie(string cookie) => new(App.Address) { Cookie = cookie };
}

public sealed class RedisSessionBehaviorTests(RedisSessionServerFixture fixture)
    : SessionBehaviorTests(fixture), IClassFixture<RedisSessionServerFixture>;

public sealed class GarnetSessionBehaviorTests(GarnetSessionServerFixture fixture)
    : SessionBehaviorTests(fixture), IClassFixture<GarnetSessionServerFixture>;

public sealed class ClusterSessionBehaviorTests(ClusterSessionServerFixture fixture)
    : SessionBehaviorTests(fixture), IClassFixture<ClusterSessionServerFixture>;
