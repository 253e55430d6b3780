using Microsoft.AspNetCore.Http;
using System.Text;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.WriteThrough;

/// <summary>
/// The write-through module's calls in each state a session can be in, without HTTP (a store host with
/// <c>AddWriteThrough()</c> on the suite's Redis): a new session, a pending value, removal or flash, an expired
/// session, one ended by another request, the size limits; and without the module, each call refused by name.
/// Runs against redis-server and Garnet.
/// </summary>
public abstract class WriteThroughStatesTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task Without_the_module_each_call_names_AddWriteThrough_and_writes_nothing()
    {
        // The fixture's store host has the core alone.
        var request = Fixture.Host.Begin();
        var session = request.Session;
        Func<Task>[] calls =
        [
            () => session.IncrementAsync("n"),
            () => session.SetNowAsync("k", [1]),
            () => session.RemoveNowAsync("k"),
            () => session.AddFlashAsync("hi"),
            () => session.TakeFlashesAsync(),
        ];
        foreach (var call in calls)
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(call);
            Assert.Contains("AddWriteThrough()", failure.Message, StringComparison.Ordinal);
        }

        Assert.Null(await request.EndAsync());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task On_a_new_session_a_removal_and_a_flash_added_then_taken_store_nothing()
    {
        await using var host = await StartAsync();
        var request = host.Begin();
        await request.Session.RemoveNowAsync("k");
        await request.Session.AddFlashAsync("hi");

        Assert.Equal(["hi"], await request.Session.TakeFlashesAsync());
        Assert.Empty(await request.Session.TakeFlashesAsync());
        // Nothing was set: no session is stored and no cookie is sent.
        Assert.Null(await request.EndAsync());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task An_increment_counts_from_the_pending_value_or_from_nothing_after_a_pending_removal()
    {
        await using var host = await StartAsync();
        var cookie = await host.WriteAsync(null, ("n", "5"), ("m", "7"));
        Assert.NotNull(cookie);

        var request = host.Begin(cookie);
        request.Session.SetString("n", "10");
        request.Session.Remove("m");
        Assert.Equal(11, await request.Session.IncrementAsync("n"));
        Assert.Equal(1, await request.Session.IncrementAsync("m"));
        Assert.Equal(cookie, await request.EndAsync());

        Assert.Equal(new Dictionary<string, string> { ["n"] = "11", ["m"] = "1" }, await host.ReadAsync(cookie!));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_write_through_on_an_expired_session_creates_a_new_one_under_a_new_cookie_and_never_revives_the_old()
    {
        await using var host = await StartAsync();
        var cookie = await host.WriteAsync(null, ("a", "1"));
        Assert.NotNull(cookie);
        await Fixture.Admin.GetDatabase().KeyDeleteAsync(Fixture.SessionKey(cookie!));

        var request = host.Begin(cookie);
        Assert.Equal(1, await request.Session.IncrementAsync("n"));
        await request.Session.SetNowAsync("k", Encoding.UTF8.GetBytes("v"));
        var renewed = await request.EndAsync();

        Assert.NotNull(renewed);
        Assert.NotEqual(cookie, renewed);
        Assert.Equal(new Dictionary<string, string> { ["n"] = "1", ["k"] = "v" }, await host.ReadAsync(renewed!));
        Assert.False(await Fixture.Admin.GetDatabase().KeyExistsAsync(Fixture.SessionKey(cookie!)));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task On_a_session_ended_by_another_request_writes_are_refused_and_a_take_returns_only_this_requests_flashes()
    {
        await using var host = await StartAsync();
        var cookie = await host.WriteAsync(null, ("a", "1"));
        var request = host.Begin(cookie);
        await request.Session.LoadAsync();
        var other = host.Begin(cookie);
        await other.Session.InvalidateAsync();
        await other.EndAsync();

        await request.Session.AddFlashAsync("mine");
        await Assert.ThrowsAsync<SessionEndedException>(() => request.Session.IncrementAsync("n"));
        await Assert.ThrowsAsync<SessionEndedException>(() => request.Session.SetNowAsync("k", [1]));
        Assert.Equal(["mine"], await request.Session.TakeFlashesAsync());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_value_or_a_flash_over_the_hard_limit_is_refused_before_anything_is_written()
    {
        await using var host = await StartAsync(options =>
        {
            options.SoftValueBytes = 512;
            options.HardValueBytes = 1024;
        });
        var cookie = await host.WriteAsync(null, ("a", "1"));
        var request = host.Begin(cookie);

        await Assert.ThrowsAsync<SessionSizeLimitExceededException>(() => request.Session.SetNowAsync("big", new byte[2048]));
        await Assert.ThrowsAsync<SessionSizeLimitExceededException>(() => request.Session.AddFlashAsync(new string('x', 2048)));
        Assert.Equal(cookie, await request.EndAsync());

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, await host.ReadAsync(cookie!));
        Assert.Empty(await TakeAsync(host, cookie!));
    }

    private static async Task<IReadOnlyList<string>> TakeAsync(StoreHost host, string cookie)
    {
        var request = host.Begin(cookie);
        var taken = await request.Session.TakeFlashesAsync();
        await request.EndAsync();
        return taken;
    }

    private Task<StoreHost> StartAsync(Action<RedisSessionOptions>? configure = null) =>
        Fixture.StartHostAsync(options => configure?.Invoke(options), sessions => sessions.AddWriteThrough());
}

[Collection(EngineCollections.Redis)]
public sealed class RedisWriteThroughStatesTests(RedisSessionServerFixture fixture) : WriteThroughStatesTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetWriteThroughStatesTests(GarnetSessionServerFixture fixture) : WriteThroughStatesTests(fixture);
