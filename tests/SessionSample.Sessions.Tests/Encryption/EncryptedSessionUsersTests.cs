using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.SignIn;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// With EncryptValues the session's user and device are sealed, yet the app that holds the key ring lists and
/// checks them as before, and the operator's figures and "end a user's sessions" still work from a store with no
/// key ring (<see cref="SessionUsers.Create"/>, as the AppHost's dashboard): the user counts by handle, named by
/// a short form of it, never by the sealed name.
/// </summary>
public sealed class EncryptedSessionUsersTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task Sealed_sign_ins_are_listed_by_the_app_and_counted_and_ended_by_a_store_without_the_key_ring()
    {
        await using var app = await UsersFixture.StartEncryptedAsync(servers.Sessions.ConnectionString, $"encusers{Guid.NewGuid():N}:session:");
        var user = SignIns.NewUser("sealed");
        using var first = await SignIns.SignInAsync(app, user);
        using var second = await SignIns.SignInAsync(app, user);

        var listed = await first.GetJsonAsync<List<ListedSession>>("/users/sessions");
        Assert.Equal(2, listed.Count);
        Assert.All(listed, session => Assert.Equal("Firefox on Linux", session.Device));

        await using var admin = await ConnectionMultiplexer.ConnectAsync(servers.Sessions.ConnectionString);
        var dashboard = SessionUsers.Create(admin, new RedisSessionOptions { KeyPrefix = app.KeyPrefix });
        var stats = await dashboard.GetStatisticsAsync(top: 10);

        var counted = Assert.Single(stats.TopUsers);
        Assert.Equal(2, counted.Sessions);
        Assert.StartsWith("user#", counted.UserName, StringComparison.Ordinal);
        Assert.StartsWith(counted.UserName["user#".Length..], SessionSchema.UserHandleOf(user), StringComparison.Ordinal);
        Assert.Equal(1, stats.SignedInUsers);

        Assert.Equal(2, await dashboard.EndAllAsync(user, null, SessionEndReason.SignedOutEverywhere));
        Assert.Null(await SignIns.SignedInAsAsync(first, app));
        Assert.Null(await SignIns.SignedInAsAsync(second, app));
    }
}
