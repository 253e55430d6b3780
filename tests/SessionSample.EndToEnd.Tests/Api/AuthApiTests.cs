using System.Net;
using System.Text.Json;

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

        var before = user.Cookie;
        Assert.NotNull(before);

        using var login = await user.PostAsJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("alice", (await login.ReadJsonAsync()).GetProperty("userName").GetString());
        Assert.NotEqual(before, user.Cookie);
        Assert.NotNull(user.Cookies.Get(SessionClient.AuthCookieName));

        var values = await user.SessionValuesAsync();
        Assert.Equal("keep me", values.GetProperty("basket-note").GetString());
        Assert.Equal("alice", values.GetProperty("auth:userName").GetString());

        // Whoever still holds the id from before sign-in (a fixation attacker) finds nothing.
        using var attacker = fixture.NewApiUser();
        attacker.Cookie = before!;
        Assert.Empty((await attacker.SessionValuesAsync()).EnumerateObject());
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("alice", "pass123$")]
    [InlineData("mallory", "Pass123$")]
    public async Task Login_with_wrong_credentials_is_401_and_signs_nobody_in(string userName, string password)
    {
        using var user = fixture.NewApiUser();

        using var login = await user.PostAsJsonAsync("/api/auth/login", new { userName, password });

        var problem = await login.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("wrong", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(user.Cookies.Get(SessionClient.AuthCookieName));
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
        using var login = await user.PostAsJsonAsync("/api/auth/login", new { userName, password });
        await login.AssertValidationProblemAsync(field);
    }

    // Noncharacters are well-formed UTF-16 that Unicode reserves for a program's own use; U+FFFE makes the name's
    // normalisation (for the throttle's count) throw. Sent as JSON escapes, as a client may send them.
    [Theory]
    [InlineData("""{"userName":"ali\uFFFEce","password":"Pass123$"}""", "userName")]
    [InlineData("""{"userName":"alice\uFFFF","password":"Pass123$"}""", "userName")]
    [InlineData("""{"userName":"\uFDD0alice","password":"Pass123$"}""", "userName")]
    [InlineData("""{"userName":"alice","password":"Pass\uFFFE123$"}""", "password")]
    public async Task A_user_name_or_password_that_is_not_valid_text_is_400_naming_it_and_signs_nobody_in(string body, string field)
    {
        using var user = fixture.NewApiUser();

        using var login = await user.Http.PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var message = await login.AssertValidationProblemAsync(field);
        Assert.Contains("text", message, StringComparison.Ordinal);
        Assert.Null(user.Cookies.Get(SessionClient.AuthCookieName));
    }

    // A lone surrogate has no UTF-8 form: only a JSON escape can carry one, and it must not reach the password hasher
    // (which would turn it into U+FFFD) or the throttle.
    [Theory]
    [InlineData("""{"userName":"\uD800","password":"Pass123$"}""")]
    [InlineData("""{"userName":"alice\uDC00","password":"Pass123$"}""")]
    [InlineData("""{"userName":"alice","password":"Pass\uD800123$"}""")]
    public async Task A_lone_surrogate_in_the_user_name_or_password_is_400_problem_json_and_signs_nobody_in(string body)
    {
        using var user = fixture.NewApiUser();

        using var login = await user.Http.PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await login.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Null(user.Cookies.Get(SessionClient.AuthCookieName));
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

        using (var login = await user.PostAsJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var me = await user.GetJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("alice", me.GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Logout_deletes_the_session_and_the_sign_in()
    {
        using var user = fixture.NewApiUser();
        using (var login = await user.PostAsJsonAsync("/api/auth/login", new { userName = "alice", password = "Pass123$" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        using (var put = await user.PutRawAsync("/api/session/values/secret", "\"alice's\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var signedInSession = user.Cookie!;
        var signedInAuth = user.Cookies.Get(SessionClient.AuthCookieName)!;

        using var logout = await user.Http.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Null(user.Cookies.Get(SessionClient.AuthCookieName));
        Assert.NotEqual(signedInSession, user.Cookie);
        Assert.Empty((await user.SessionValuesAsync()).EnumerateObject());
        using (var me = await user.Http.GetAsync("/api/auth/me"))
        {
            await me.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        // The session behind the old cookie is gone for good, not merely forgotten by this client.
        using var replay = fixture.NewApiUser();
        replay.Cookie = signedInSession;
        Assert.Empty((await replay.SessionValuesAsync()).EnumerateObject());
        Assert.NotNull(signedInAuth);
    }
}
