using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// The per-user index lists exactly the live sessions (after expiries, regenerations and concurrent sign-ins),
/// cleans itself without keyspace notifications, holds handles only, and never shows another user's sessions.
/// Runs on redis-server, Garnet and the cluster.
/// </summary>
public abstract class UserIndexTests(IUsersFixture users)
{
    private SessionServerFixture Fixture => users.Sessions;

    [SkippableFact(typeof(MissingToolException))]
    public async Task Expired_sessions_never_show_and_their_entries_are_pruned_with_one_expired_event_each()
    {
        var user = SignIns.NewUser("exp");
        using var lasting = await SignIns.SignInAsync(Fixture.App, user);
        using var brief1 = await SignIns.SignInAsync(Fixture.ShortLivedApp, user);
        using var brief2 = await SignIns.SignInAsync(Fixture.ShortLivedApp, user);
        var briefHandles = new[] { await SignIns.HandleAsync(brief1), await SignIns.HandleAsync(brief2) };
        var db = Fixture.Admin.GetDatabase();
        foreach (var cookie in new[] { brief1.Cookie!, brief2.Cookie! })
        {
            while (await db.KeyExistsAsync(Fixture.SessionKey(cookie)))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(3, (await SignIns.IndexedAsync(Fixture, user)).Count);
        Assert.Equal([await SignIns.HandleAsync(lasting)], await SignIns.ListedAsync(lasting));
        Assert.Equal([await SignIns.HandleAsync(lasting)], await SignIns.IndexedAsync(Fixture, user));
        // Listed again: nothing left to prune, no second event.
        await SignIns.ListedAsync(lasting);

        var expired = SignIns.Events(Fixture.App, Fixture.SecondApp, Fixture.ShortLivedApp)
            .Where(e => e.Kind == SessionEventKind.Ended && e.Reason == SessionEndReason.Expired && e.UserName == user)
            .Select(e => e.SessionIdHash).Order().ToList();
        Assert.Equal(briefHandles.Select(LogHashOf).Order(), expired);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Twenty_concurrent_sign_ins_under_no_cap_are_all_listed_and_only_the_live_ones()
    {
        var user = SignIns.NewUser("twenty");
        await using var uncapped = await Fixture.StartExtraAppAsync($"uncapped{Guid.NewGuid():N}", options => options.MaxSessionsPerUser = 0);
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SignIns.SignInAsync(uncapped, user)));
        var handles = (await Task.WhenAll(clients.Select(SignIns.HandleAsync))).ToHashSet();
        Assert.Equal(20, handles.Count);
        Assert.Equal(handles, await SignIns.ListedAsync(clients[0]));

        // Five sign out, five move to a new id: the list follows exactly.
        for (var i = 0; i < 5; i++)
        {
            handles.Remove(await SignIns.HandleAsync(clients[i]));
            using var signedOut = await clients[i].PostAsync("/users/sign-out");
            Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        }

        for (var i = 5; i < 10; i++)
        {
            var before = await SignIns.HandleAsync(clients[i]);
            var moved = await clients[i].PostJsonAsync<SignedInView>("/users/regenerate");
            handles.Remove(before);
            handles.Add(moved.Handle);
        }

        Assert.Equal(handles, await SignIns.ListedAsync(clients[19]));
        Assert.Equal(handles, await SignIns.IndexedAsync(Fixture, user));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Another_users_handle_is_404_and_that_session_lives_on()
    {
        using var alice = await SignIns.SignInAsync(Fixture.App, SignIns.NewUser("alice"));
        var bobName = SignIns.NewUser("bob");
        using var bob = await SignIns.SignInAsync(Fixture.App, bobName);

        using var other = await alice.SendAsync(HttpMethod.Delete, $"/users/sessions/{await SignIns.HandleAsync(bob)}");
        using var garbage = await alice.SendAsync(HttpMethod.Delete, "/users/sessions/not-a-handle");
        using var unknown = await alice.SendAsync(HttpMethod.Delete, $"/users/sessions/{new string('A', 43)}");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await SignIns.AssertSignedInOnBothAsync(Fixture, bob, bobName);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task The_index_holds_handles_only_under_its_own_hash_tag()
    {
        var user = SignIns.NewUser("tag");
        using var client = await SignIns.SignInAsync(Fixture.App, user);
        var rawId = RawSessionIds.Of(Fixture.App.Services, client.Cookie!);
        var key = Fixture.App.UserIndexKey(user);

        var entries = await Fixture.Store.UserIndexAsync(user);

        var entry = Assert.Single(entries);
        Assert.Equal(Fixture.SessionKey(client.Cookie!), Fixture.Store.SessionKeyOfHandle(entry.Name!));
        Assert.DoesNotContain(rawId, key + entry.Name + entry.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(user, key, StringComparison.Ordinal);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Sign_ins_and_regenerations_racing_sign_out_everywhere_leave_every_live_sign_in_listed()
    {
        for (var round = 0; round < 5; round++)
        {
            var user = SignIns.NewUser("race");
            using var a = await SignIns.SignInAsync(Fixture.App, user);
            using var b = await SignIns.SignInAsync(Fixture.SecondApp, user);
            using var late = Fixture.SecondApp.NewClient();

            await Task.WhenAll(
                a.PostAsync("/users/sign-out-everywhere"),
                b.PostAsync("/users/regenerate"),
                late.PostAsync($"/users/sign-in/{user}"));

            // Whatever won, no sign-in is alive that "sign out everywhere" could not find next time.
            var alive = new HashSet<string>();
            foreach (var client in new[] { a, b, late })
            {
                if (await SignIns.SignedInAsAsync(client, Fixture.App) is not null)
                {
                    alive.Add(await SignIns.HandleAsync(client));
                }
            }

            Assert.Null(await SignIns.SignedInAsAsync(a, Fixture.SecondApp));
            Assert.Subset(await SignIns.IndexedAsync(Fixture, user), alive);
            using var admin = await SignIns.SignInAsync(Fixture.App, user);
            alive.Add(await SignIns.HandleAsync(admin));
            Assert.Equal(alive, await SignIns.ListedAsync(admin));
        }
    }

    private static string LogHashOf(string handle) => SessionIds.FromHandle(handle)!.Value.LogHash;

}

[Collection("redis-server users")]
public sealed class RedisUserIndexTests(RedisUsersFixture fixture) : UserIndexTests(fixture);

[Collection("Garnet users")]
public sealed class GarnetUserIndexTests(GarnetUsersFixture fixture) : UserIndexTests(fixture);

[Collection("cluster users")]
public sealed class ClusterUserIndexTests(ClusterUsersFixture fixture) : UserIndexTests(fixture);
