using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Outage;

/// <summary>
/// Also: a Razor page of the real WebFrontend that cannot work because the session store is down. The
/// store's problem+json answers are for API requests; a browser gets the app's own error page. Its own
/// Redis per test: each test kills it.
/// </summary>
public sealed class OutageErrorPageTests : IsolatedRedis
{
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task A_page_needing_the_session_while_the_store_is_down_answers_503_with_the_apps_html_error_page(string environment)
    {
        // Right: 503 with the app's own HTML error page (a short human message, no exception type names) in every environment.
        // A TestApp shares the WebFrontend's key ring (same Redis, same application name), so its cookie is one the WebFrontend reads.
        string cookie;
        await using (var issuer = await TestApp.StartAsync(Redis.ConnectionString))
        {
            await issuer.WarmUpAsync();
            using var owner = issuer.NewClient();
            await owner.PostJsonAsync<ValueView>("/write/a?value=1");
            cookie = owner.Cookie!;
        }

        // Data Protection's hosted service loads the key ring before Kestrel listens, so it is cached before Redis goes away.
        await using var web = await WebFrontendProcess.StartAsync(environment, Redis.ConnectionString);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = web.Address };
        await Redis.KillAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        // Under the configured name and its __Host- form, whichever this environment's default is.
        request.Headers.TryAddWithoutValidation("Cookie", $"{SessionClient.SessionCookieName}={cookie}; __Host-{SessionClient.SessionCookieName}={cookie}");

        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("SessionSample</title>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("StackExchange", body, StringComparison.Ordinal);
    }
}
