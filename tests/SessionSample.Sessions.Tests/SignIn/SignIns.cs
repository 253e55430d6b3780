using Microsoft.Extensions.DependencyInjection;
using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.SignIn;

/// <summary>What the users suites do and check: sign in over HTTP, ask whether a cookie is still signed in, read the index.</summary>
internal static class SignIns
{
    public static string NewUser(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    /// <summary>A new client of <paramref name="app"/>, signed in as <paramref name="user"/>.</summary>
    public static async Task<SessionClient> SignInAsync(TestApp app, string user, string userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")
    {
        var client = app.NewClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var signedIn = await client.PostJsonAsync<SignedInView>($"/users/sign-in/{user}");
        Assert.Equal(user, signedIn.UserName);
        Assert.NotNull(client.Cookies.Get(SessionClient.AuthCookieName));
        return client;
    }

    /// <summary>Whom <paramref name="client"/>'s cookies sign in as on <paramref name="app"/> (a replay: the client's own jar is not updated); null for 401.</summary>
    public static async Task<string?> SignedInAsAsync(SessionClient client, TestApp app)
    {
        using var replay = client.Copy(app.Address);
        using var response = await replay.GetAsync("/users/me");
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return null;
        }

        await SessionClient.EnsureSuccessAsync(response);
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<SignedInView>(response.Content))!.UserName;
    }

    /// <summary>Asserts <paramref name="client"/>'s cookies are dead, or alive as <paramref name="user"/>, on both apps.</summary>
    public static async Task AssertSignedInOnBothAsync(SessionServerFixture fixture, SessionClient client, string? user)
    {
        Assert.Equal(user, await SignedInAsAsync(client, fixture.App));
        Assert.Equal(user, await SignedInAsAsync(client, fixture.SecondApp));
    }

    public static async Task<string> HandleAsync(SessionClient client) => (await client.GetJsonAsync<SignedInView>("/users/me")).Handle;

    /// <summary>The session handles the user's index holds in Redis, read directly (no pruning).</summary>
    public static async Task<HashSet<string>> IndexedAsync(SessionServerFixture fixture, string user)
    {
        return await fixture.Store.IndexedAsync(user);
    }

    public static IReadOnlyList<SessionEvent> Events(params TestApp[] apps) =>
        [.. apps.SelectMany(app => app.Services.GetRequiredService<RecordedEvents>().All)];

    public static async Task<HashSet<string>> ListedAsync(SessionClient client) =>
        [.. (await client.GetJsonAsync<List<ListedSession>>("/users/sessions")).Select(session => session.Handle)];
}
