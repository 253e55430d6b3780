using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>Redis gone during sign-in: 503 problem+json, no sign-in cookie, nothing bound or listed once Redis is back.</summary>
public sealed class SignInOutageTests : IsolatedRedis
{
    private TestApp _app = null!;

    protected override async Task StartedAsync()
    {
        _app = Own(await TestApp.StartAsync(
            Redis.ConnectionString,
            configureBuilder: UsersFixture.ConfigureBuilder,
            configureApp: UsersFixture.ConfigureApp));
        await _app.WarmUpAsync();
    }

    [Fact]
    public async Task A_sign_in_while_Redis_is_down_answers_503_and_leaves_nothing_half_done()
    {
        var user = SignIns.NewUser("down");
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/cart?value=2");
        var cookie = client.Cookie;
        await Redis.KillAsync();

        using var failed = await client.PostAsync($"/users/sign-in/{user}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.Null(client.Cookies.Get(SessionClient.AuthCookieName));
        Assert.Equal(cookie, client.Cookie);

        await Redis.RestartAsync();
        await _app.WarmUpAsync();
        Assert.Null(await SignIns.SignedInAsAsync(client, _app));
        var indexKey = _app.UserIndexKey(user);
        Assert.False(await Redis.ExistsAsync(indexKey));
    }
}
