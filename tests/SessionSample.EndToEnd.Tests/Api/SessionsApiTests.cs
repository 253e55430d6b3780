using System.Net;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// /api/sessions on the real apps: the list, revoking one, signing out others and everywhere; every ended
/// sign-in's replayed cookies are dead at once on the API and on the web frontend.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SessionsApiTests(AppFixture fixture)
{
    [Fact]
    public async Task Not_signed_in_every_route_is_401_problem_json_never_a_redirect()
    {
        using var user = fixture.NewApiUser();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/sessions"), (HttpMethod.Delete, "/api/sessions/x"), (HttpMethod.Post, "/api/sessions/sign-out-others"), (HttpMethod.Post, "/api/sessions/sign-out-everywhere") })
        {
            using var response = await user.SendAsync(method, path);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task The_list_shows_each_session_once_marks_this_one_and_revoking_the_other_ends_it_on_both_apps()
    {
        using var laptop = await SignInAsync("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        using var phone = await SignInAsync("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36");

        var sessions = await ListAsync(laptop);
        var mine = sessions.Single(session => session.GetProperty("current").GetBoolean());
        Assert.Equal("Firefox on Linux", mine.GetProperty("device").GetString());
        var phoneHandle = (await ListAsync(phone)).Single(session => session.GetProperty("current").GetBoolean()).GetProperty("handle").GetString()!;
        var other = sessions.Single(session => session.GetProperty("handle").GetString() == phoneHandle);
        Assert.Equal("Chrome on Android", other.GetProperty("device").GetString());
        Assert.True(other.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        using var revoke = await laptop.SendAsync(HttpMethod.Delete, $"/api/sessions/{phoneHandle}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var again = await laptop.SendAsync(HttpMethod.Delete, $"/api/sessions/{phoneHandle}");
        await again.AssertProblemAsync(HttpStatusCode.NotFound);

        await AssertSignedInAsync(phone, false);
        await AssertSignedInAsync(laptop, true);
    }

    [Fact]
    public async Task Sign_out_others_then_everywhere_end_the_sign_ins_on_both_apps()
    {
        using var here = await SignInAsync("curl/8.5.0");
        using var there = await SignInAsync("curl/8.5.0");

        using (var others = await here.PostAsync("/api/sessions/sign-out-others"))
        {
            Assert.Equal(HttpStatusCode.NoContent, others.StatusCode);
        }

        await AssertSignedInAsync(there, false);
        await AssertSignedInAsync(here, true);
        Assert.Single(await ListAsync(here));

        using var copy = here.Copy();
        using (var everywhere = await here.PostAsync("/api/sessions/sign-out-everywhere"))
        {
            Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        }

        await AssertSignedInAsync(copy, false);
        Assert.Null(here.Cookies.Get(SessionClient.AuthCookieName));
    }

    [Fact]
    public async Task A_replayed_sign_in_after_logout_is_dead_on_both_apps()
    {
        using var user = await SignInAsync("curl/8.5.0");
        using var stolen = user.Copy();
        await AssertSignedInAsync(stolen, true);

        using (var logout = await user.PostAsync("/api/auth/logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        await AssertSignedInAsync(stolen, false);
    }

    private async Task<SessionClient> SignInAsync(string userAgent)
    {
        var user = fixture.NewApiUser();
        user.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        using var login = await user.PostAsJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return user;
    }

    private static async Task<List<JsonElement>> ListAsync(SessionClient user)
    {
        using var response = await user.GetAsync("/api/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("sessions").EnumerateArray()];
    }

    // A replay of the client's cookies on the API (/api/auth/me) and on the web frontend (its header).
    private async Task AssertSignedInAsync(SessionClient user, bool signedIn)
    {
        using var api = user.Copy();
        using var me = await api.GetAsync("/api/auth/me");
        Assert.Equal(signedIn ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, me.StatusCode);

        using var web = user.Copy(fixture.WebBaseAddress);
        using var page = await web.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(signedIn, (await page.Content.ReadAsStringAsync()).Contains("data-testid=\"signed-in-user\"", StringComparison.Ordinal));
    }
}
