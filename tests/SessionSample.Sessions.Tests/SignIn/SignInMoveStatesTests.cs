using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// A sign-in through the move attempt it shares with a regeneration, in the states that attempt can meet: a stored
/// session (moved, data kept, old id dead), one that expired before the move (a new session is created and bound),
/// and one ended by another request (refused). Without HTTP, on a store host with <c>AddSignInBinding()</c>.
/// Runs against redis-server and Garnet.
/// </summary>
public abstract class SignInMoveStatesTests(SessionServerFixture fixture) : EngineSuiteTests(fixture)
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task A_sign_in_moves_a_stored_session_keeps_its_data_and_binds_it()
    {
        await using var host = await StartAsync();
        var cookie = await host.WriteAsync(null, ("a", "1"));

        var request = host.Begin(cookie);
        await request.Session.SignInAsync("alice", "test-agent");
        var signedIn = await request.EndAsync();

        Assert.NotNull(signedIn);
        Assert.NotEqual(cookie, signedIn);
        Assert.Equal("alice", await UserOfAsync(host, signedIn!));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, await host.ReadAsync(signedIn!));
        // The old id finds nothing any more.
        Assert.Empty(await host.ReadAsync(cookie!));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_sign_in_on_a_session_that_expired_before_the_move_creates_a_bound_one_under_a_new_cookie()
    {
        await using var host = await StartAsync();
        var cookie = await host.WriteAsync(null, ("a", "1"));
        await Fixture.Admin.GetDatabase().KeyDeleteAsync(Fixture.SessionKey(cookie!));

        // Not loaded first: the move itself finds the session gone (Missing), and the next attempt creates one.
        var request = host.Begin(cookie);
        await request.Session.SignInAsync("alice", "test-agent");
        Assert.Equal("alice", request.Session.UserName);
        var signedIn = await request.EndAsync();

        Assert.NotNull(signedIn);
        Assert.NotEqual(cookie, signedIn);
        Assert.Equal("alice", await UserOfAsync(host, signedIn!));
        Assert.Empty(await host.ReadAsync(signedIn!));
        Assert.False(await Fixture.Admin.GetDatabase().KeyExistsAsync(Fixture.SessionKey(cookie!)));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_sign_in_on_a_session_ended_by_another_request_is_refused_and_binds_nothing()
    {
        await using var host = await StartAsync();
        var cookie = await host.WriteAsync(null, ("a", "1"));
        var other = host.Begin(cookie);
        await other.Session.InvalidateAsync();
        await other.EndAsync();

        var request = host.Begin(cookie);
        await Assert.ThrowsAsync<SessionEndedException>(() => request.Session.SignInAsync("alice", "test-agent"));
        Assert.Null(request.Session.UserName);
    }

    private static async Task<string?> UserOfAsync(StoreHost host, string cookie)
    {
        var request = host.Begin(cookie);
        await request.Session.LoadAsync();
        var user = request.Session.UserName;
        await request.EndAsync();
        return user;
    }

    private Task<StoreHost> StartAsync() => Fixture.StartHostAsync(_ => { }, sessions => sessions.AddSignInBinding());
}

[Collection(EngineCollections.Redis)]
public sealed class RedisSignInMoveStatesTests(RedisSessionServerFixture fixture) : SignInMoveStatesTests(fixture);

[Collection(EngineCollections.Garnet)]
public sealed class GarnetSignInMoveStatesTests(GarnetSessionServerFixture fixture) : SignInMoveStatesTests(fixture);
