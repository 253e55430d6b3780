using System.Net;

namespace SessionSample.EndToEnd.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class AuthApiTests(AppFixture fixture)
{
    [Fact]
    public async Task Login_moves_the_session_to_a_new_id_and_keeps_its_data()
    {
        using var user = fixture.NewApiUser();
        using (var put = await user.PutRawAsync("/api/session/values/basket-note", "\"keep me\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var before = user.SessionCookie;
        Assert.NotNull(before);

        using var login = await user.PostJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("alice", (await login.ReadJsonAsync()).GetProperty("userName").GetString());
        Assert.NotEqual(before, user.SessionCookie);
        Assert.NotNull(user.Cookie(ApiUser.AuthCookieName));

        var values = await user.SessionValuesAsync();
        Assert.Equal("keep me", values.GetProperty("basket-note").GetString());
        Assert.Equal("alice", values.GetProperty("auth:userName").GetString());

        // Whoever still holds the id from before sign-in (a fixation attacker) finds nothing.
        using var attacker = fixture.NewApiUser();
        attacker.SetCookie(ApiUser.SessionCookieName, before!);
        Assert.Empty((await attacker.SessionValuesAsync()).EnumerateObject());
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("alice", "pass123$")]
    [InlineData("mallory", "Pass123$")]
    public async Task Login_with_wrong_credentials_is_401_and_signs_nobody_in(string userName, string password)
    {
        using var user = fixture.NewApiUser();

        using var login = await user.PostJsonAsync("/api/auth/login", new { userName, password });

        var problem = await login.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("wrong", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(user.Cookie(ApiUser.AuthCookieName));
        using var me = await user.Http.GetAsync("/api/auth/me");
        await me.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(null, "Pass123$", "userName")]
    [InlineData("  ", "Pass123$", "userName")]
    [InlineData("alice", null, "password")]
    [InlineData("alice", "", "password")]
    public async Task Login_without_a_user_name_or_password_is_400(string? userName, string? password, string field)
    {
        using var user = fixture.NewApiUser();
        using var login = await user.PostJsonAsync("/api/auth/login", new { userName, password });
        await login.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Me_is_401_problem_json_when_signed_out_and_names_the_user_when_signed_in()
    {
        using var user = fixture.NewApiUser();

        using (var anonymous = await user.Http.GetAsync("/api/auth/me"))
        {
            var problem = await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Null(anonymous.Headers.Location);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        }

        using (var login = await user.PostJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var me = await user.GetJsonAsync("/api/auth/me");
        Assert.Equal("alice", me.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Logout_deletes_the_session_and_the_sign_in()
    {
        using var user = fixture.NewApiUser();
        using (var login = await user.PostJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using (var put = await user.PutRawAsync("/api/session/values/secret", "\"alice's\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var signedInSession = user.SessionCookie!;
        var signedInAuth = user.Cookie(ApiUser.AuthCookieName)!;

        using var logout = await user.Http.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Null(user.Cookie(ApiUser.AuthCookieName));
        Assert.NotEqual(signedInSession, user.SessionCookie);
        Assert.Empty((await user.SessionValuesAsync()).EnumerateObject());
        using (var me = await user.Http.GetAsync("/api/auth/me"))
        {
            await me.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        // The session behind the old cookie is gone for good, not merely forgotten by this client.
        using var replay = fixture.NewApiUser();
        replay.SetCookie(ApiUser.SessionCookieName, signedInSession);
        Assert.Empty((await replay.SessionValuesAsync()).EnumerateObject());
        Assert.NotNull(signedInAuth);
    }
}
