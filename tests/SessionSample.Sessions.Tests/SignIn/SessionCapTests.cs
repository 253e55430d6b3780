using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>
/// <see cref="RedisSessionOptions.MaxSessionsPerUser"/> holds under 20 concurrent sign-ins with either policy:
/// EndOldest ends the surplus (each with one Cap event), RefuseNew answers 409 problem+json and changes nothing.
/// Runs on redis-server, Garnet and the cluster.
/// </summary>
public abstract class SessionCapTests(IUsersFixture users)
{
    private SessionServerFixture Fixture => users.Sessions;

    [SkippableFact(typeof(MissingToolException))]
    public async Task Twenty_concurrent_sign_ins_with_end_oldest_leave_exactly_the_cap_signed_in()
    {
        var user = SignIns.NewUser("cap20");
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SignIns.SignInAsync(i % 2 == 0 ? Fixture.App : Fixture.SecondApp, user)));

        var signedIn = new List<SessionClient>();
        foreach (var client in clients)
        {
            if (await SignIns.SignedInAsAsync(client, Fixture.App) is not null)
            {
                signedIn.Add(client);
            }
        }

        Assert.Equal(UsersFixture.Cap, signedIn.Count);
        var live = (await Task.WhenAll(signedIn.Select(SignIns.HandleAsync))).ToHashSet();
        Assert.Equal(live, await SignIns.IndexedAsync(Fixture, user));
        Assert.Equal(live, await SignIns.ListedAsync(signedIn[0]));
        var capped = SignIns.Events(Fixture.App, Fixture.SecondApp)
            .Where(e => e.UserName == user && e.Reason == SessionEndReason.Cap).Select(e => e.SessionIdHash).ToList();
        Assert.Equal(20 - UsersFixture.Cap, capped.Count);
        Assert.Equal(capped.Count, capped.Distinct().Count());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Twenty_concurrent_sign_ins_with_refuse_new_let_exactly_the_cap_in_and_refuse_the_rest_with_409()
    {
        var user = SignIns.NewUser("ref20");
        var clients = Enumerable.Range(0, 20).Select(_ => users.RefusingApp.NewClient()).ToList();

        var answers = await Task.WhenAll(clients.Select(client => client.PostAsync($"/users/sign-in/{user}")));

        Assert.Equal(UsersFixture.Cap, answers.Count(answer => answer.StatusCode == HttpStatusCode.OK));
        foreach (var refused in answers.Where(answer => answer.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Too many sessions", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var signedIn = 0;
        foreach (var client in clients)
        {
            signedIn += await SignIns.SignedInAsAsync(client, users.RefusingApp) is null ? 0 : 1;
        }

        Assert.Equal(UsersFixture.Cap, signedIn);
        Assert.Equal(UsersFixture.Cap, (await SignIns.IndexedAsync(Fixture, user)).Count);
        clients.ForEach(client => client.Dispose());
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_refused_sign_in_changes_nothing_and_signing_in_again_on_one_session_counts_once()
    {
        var user = SignIns.NewUser("ref1");
        var first = await SignIns.SignInAsync(users.RefusingApp, user);
        // Signing in again with the same session replaces its entry: it does not use up the cap.
        await first.PostJsonAsync<SignedInView>($"/users/sign-in/{user}");
        for (var i = 1; i < UsersFixture.Cap; i++)
        {
            (await SignIns.SignInAsync(users.RefusingApp, user)).Dispose();
        }

        using var late = users.RefusingApp.NewClient();
        await late.PostJsonAsync<Infrastructure.ValueView>("/write/cart?value=3");
        var cookie = late.Cookie;
        var indexed = await SignIns.IndexedAsync(Fixture, user);

        using var refused = await late.PostAsync($"/users/sign-in/{user}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(cookie, late.Cookie);
        Assert.Null(late.Cookies.Get(SessionClient.AuthCookieName));
        Assert.Equal("3", (await late.GetJsonAsync<Infrastructure.ValueView>("/read/cart")).Value);
        Assert.Equal(indexed, await SignIns.IndexedAsync(Fixture, user));
        Assert.Equal(UsersFixture.Cap, indexed.Count);
        first.Dispose();
    }
}

[Collection("redis-server users")]
public sealed class RedisSessionCapTests(RedisUsersFixture fixture) : SessionCapTests(fixture);

[Collection("Garnet users")]
public sealed class GarnetSessionCapTests(GarnetUsersFixture fixture) : SessionCapTests(fixture);

[Collection("cluster users")]
public sealed class ClusterSessionCapTests(ClusterUsersFixture fixture) : SessionCapTests(fixture);
