using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>Each lifecycle event fires once, in the app that caused it, with the reason. Runs on redis-server, Garnet and the cluster.</summary>
public abstract class SessionEventTests(IUsersFixture users)
{
    private SessionServerFixture Fixture => users.Sessions;

    [SkippableFact(typeof(MissingToolException))]
    public async Task Created_signed_in_regenerated_and_signed_out_fire_once_each()
    {
        var user = SignIns.NewUser("evt");
        using var client = Fixture.App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        var anonymous = Hash(Fixture.SessionKey(client.Cookie!));
        var signedIn = await client.PostJsonAsync<SignedInView>($"/users/sign-in/{user}");
        var moved = await client.PostJsonAsync<SignedInView>("/users/regenerate");
        using var _ = await client.PostAsync("/users/sign-out");

        var seen = SignIns.Events(Fixture.App, Fixture.SecondApp)
            .Where(e => new[] { anonymous, Hash(signedIn.Handle), Hash(moved.Handle) }.Contains(e.SessionIdHash))
            .Select(e => (e.Kind, e.SessionIdHash, e.PreviousSessionIdHash, e.UserName, e.Reason))
            .ToList();

        Assert.Equal(
            [
                (SessionEventKind.Created, anonymous, null, null, null),
                (SessionEventKind.Regenerated, Hash(signedIn.Handle), anonymous, user, null),
                (SessionEventKind.SignedIn, Hash(signedIn.Handle), null, user, null),
                (SessionEventKind.Regenerated, Hash(moved.Handle), Hash(signedIn.Handle), user, null),
                (SessionEventKind.Ended, Hash(moved.Handle), null, user, (SessionEndReason?)SessionEndReason.SignedOut),
            ],
            seen);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Revoked_and_signed_out_everywhere_fire_once_per_session_with_their_reason()
    {
        var user = SignIns.NewUser("evr");
        using var a = await SignIns.SignInAsync(Fixture.App, user);
        using var b = await SignIns.SignInAsync(Fixture.SecondApp, user);
        using var c = await SignIns.SignInAsync(Fixture.SecondApp, user);
        var (ha, hb, hc) = (await SignIns.HandleAsync(a), await SignIns.HandleAsync(b), await SignIns.HandleAsync(c));

        using var revoke = await a.SendAsync(HttpMethod.Delete, $"/users/sessions/{hb}");
        using var again = await a.SendAsync(HttpMethod.Delete, $"/users/sessions/{hb}");
        await a.PostJsonAsync<int>("/users/sign-out-everywhere");

        var ended = SignIns.Events(Fixture.App, Fixture.SecondApp)
            .Where(e => e.Kind == SessionEventKind.Ended && e.UserName == user)
            .Select(e => (e.SessionIdHash, e.Reason))
            .Order()
            .ToList();
        Assert.Equal(
            new[] { (Hash(hb), (SessionEndReason?)SessionEndReason.Revoked), (Hash(ha), SessionEndReason.SignedOutEverywhere), (Hash(hc), SessionEndReason.SignedOutEverywhere) }.Order(),
            ended);
    }

    private string Hash(string handleOrKey)
    {
        var handle = handleOrKey.StartsWith(Fixture.App.KeyPrefix, StringComparison.Ordinal) ? handleOrKey[(Fixture.App.KeyPrefix.Length + 1)..^1] : handleOrKey;
        return SessionIds.FromHandle(handle)!.Value.LogHash;
    }
}

[Collection("redis-server users")]
public sealed class RedisSessionEventTests(RedisUsersFixture fixture) : SessionEventTests(fixture);

[Collection("Garnet users")]
public sealed class GarnetSessionEventTests(GarnetUsersFixture fixture) : SessionEventTests(fixture);

[Collection("cluster users")]
public sealed class ClusterSessionEventTests(ClusterUsersFixture fixture) : SessionEventTests(fixture);
