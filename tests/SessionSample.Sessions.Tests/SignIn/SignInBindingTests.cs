using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// A sign-in cookie lives only as long as its session: replayed after sign-out, revoke, sign-out-others,
/// sign-out-everywhere, cap eviction or idle expiry it is dead at once on both apps. Runs on redis-server,
/// Garnet and the cluster.
/// </summary>
public abstract class SignInBindingTests(IUsersFixture users)
{
    private SessionServerFixture Fixture => users.Sessions;

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_replayed_sign_in_after_sign_out_is_dead_on_both_apps()
    {
        var user = SignIns.NewUser("out");
        using var client = await SignIns.SignInAsync(Fixture.App, user);
        using var stolen = client.Copy();
        await SignIns.AssertSignedInOnBothAsync(Fixture, stolen, user);

        using var signOut = await client.PostAsync("/users/sign-out");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);

        await SignIns.AssertSignedInOnBothAsync(Fixture, stolen, null);
        Assert.Empty(await SignIns.IndexedAsync(Fixture, user));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_revoked_session_is_dead_on_both_apps_and_the_revoker_stays_signed_in()
    {
        var user = SignIns.NewUser("rev");
        using var laptop = await SignIns.SignInAsync(Fixture.App, user);
        using var phone = await SignIns.SignInAsync(Fixture.SecondApp, user);
        var phoneHandle = await SignIns.HandleAsync(phone);

        using var revoked = await laptop.SendAsync(HttpMethod.Delete, $"/users/sessions/{phoneHandle}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await SignIns.AssertSignedInOnBothAsync(Fixture, phone, null);
        await SignIns.AssertSignedInOnBothAsync(Fixture, laptop, user);
        Assert.Equal([await SignIns.HandleAsync(laptop)], await SignIns.ListedAsync(laptop));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Sign_out_others_ends_every_other_session_on_both_apps()
    {
        var user = SignIns.NewUser("oth");
        using var here = await SignIns.SignInAsync(Fixture.App, user);
        using var second = await SignIns.SignInAsync(Fixture.App, user);
        using var third = await SignIns.SignInAsync(Fixture.SecondApp, user);

        Assert.Equal(2, await here.PostJsonAsync<int>("/users/sign-out-others"));

        await SignIns.AssertSignedInOnBothAsync(Fixture, second, null);
        await SignIns.AssertSignedInOnBothAsync(Fixture, third, null);
        await SignIns.AssertSignedInOnBothAsync(Fixture, here, user);
        Assert.Equal([await SignIns.HandleAsync(here)], await SignIns.IndexedAsync(Fixture, user));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Sign_out_everywhere_ends_every_session_this_one_included_on_both_apps()
    {
        var user = SignIns.NewUser("all");
        using var here = await SignIns.SignInAsync(Fixture.App, user);
        using var there = await SignIns.SignInAsync(Fixture.SecondApp, user);
        using var copy = here.Copy();

        Assert.Equal(2, await here.PostJsonAsync<int>("/users/sign-out-everywhere"));

        await SignIns.AssertSignedInOnBothAsync(Fixture, copy, null);
        await SignIns.AssertSignedInOnBothAsync(Fixture, there, null);
        Assert.Empty(await SignIns.IndexedAsync(Fixture, user));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task The_cap_ends_the_least_recently_used_session_on_both_apps()
    {
        var user = SignIns.NewUser("cap");
        var clients = new List<SessionClient>();
        for (var i = 0; i < UsersFixture.Cap; i++)
        {
            clients.Add(await SignIns.SignInAsync(Fixture.App, user));
        }

        // The first one is used again, so the second is now the least recently used.
        await SignIns.AssertSignedInOnBothAsync(Fixture, clients[0], user);
        using var newest = await SignIns.SignInAsync(Fixture.SecondApp, user);

        await SignIns.AssertSignedInOnBothAsync(Fixture, clients[1], null);
        foreach (var alive in new[] { clients[0], clients[2], newest })
        {
            await SignIns.AssertSignedInOnBothAsync(Fixture, alive, user);
        }

        Assert.Equal(UsersFixture.Cap, (await SignIns.IndexedAsync(Fixture, user)).Count);
        clients.ForEach(client => client.Dispose());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_sign_in_whose_session_expired_between_requests_is_dead_on_both_apps()
    {
        var user = SignIns.NewUser("idle");
        using var client = await SignIns.SignInAsync(Fixture.ShortLivedApp, user);
        var key = Fixture.SessionKey(client.Cookie!);

        // A real condition, not a sleep: Redis expired the key.
        while (await Fixture.Admin.GetDatabase().KeyExistsAsync(key))
        {
            await Task.Delay(100);
        }

        await SignIns.AssertSignedInOnBothAsync(Fixture, client, null);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_sign_in_cookie_with_another_users_session_cookie_is_refused()
    {
        using var alice = await SignIns.SignInAsync(Fixture.App, SignIns.NewUser("alice"));
        using var bob = await SignIns.SignInAsync(Fixture.App, SignIns.NewUser("bob"));
        using var mixed = alice.Copy();
        mixed.Cookie = bob.Cookie;

        await SignIns.AssertSignedInOnBothAsync(Fixture, mixed, null);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_regenerated_session_keeps_its_sign_in_and_its_entry_moves()
    {
        var user = SignIns.NewUser("regen");
        using var client = await SignIns.SignInAsync(Fixture.App, user);
        using var before = client.Copy();

        var moved = await client.PostJsonAsync<SignedInView>("/users/regenerate");

        await SignIns.AssertSignedInOnBothAsync(Fixture, client, user);
        await SignIns.AssertSignedInOnBothAsync(Fixture, before, null);
        Assert.Equal([moved.Handle], await SignIns.IndexedAsync(Fixture, user));
        Assert.Equal([moved.Handle], await SignIns.ListedAsync(client));
    }
}

[Collection("redis-server users")]
public sealed class RedisSignInBindingTests(RedisUsersFixture fixture) : SignInBindingTests(fixture);

[Collection("Garnet users")]
public sealed class GarnetSignInBindingTests(GarnetUsersFixture fixture) : SignInBindingTests(fixture);

[Collection("cluster users")]
public sealed class ClusterSignInBindingTests(ClusterUsersFixture fixture) : SignInBindingTests(fixture);

[CollectionDefinition("redis-server users")]
public sealed class RedisUsersCollection : ICollectionFixture<RedisUsersFixture>;

[CollectionDefinition("Garnet users")]
public sealed class GarnetUsersCollection : ICollectionFixture<GarnetUsersFixture>;

[CollectionDefinition("cluster users")]
public sealed class ClusterUsersCollection : ICollectionFixture<ClusterUsersFixture>;
