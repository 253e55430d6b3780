using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Cookies;

/// <summary>Also: responses that carry the session cookie, and the cookie's name outside Development.</summary>
public sealed class CookieAttributeTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    private const string HostPrefix = "__Host-";

    [Theory]
    [InlineData("/write/a?value=1", "sets")]
    [InlineData("/sign-in?user=ann", "replaces")]
    [InlineData("/invalidate", "deletes")]
    public async Task A_response_that_sets_or_deletes_the_session_cookie_is_uncacheable(string path, string what)
    {
        // Right: Cache-Control: no-cache, no-store and Pragma: no-cache, as the built-in session middleware sends.
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString);
        await app.WarmUpAsync();
        using var client = app.NewClient();
        if (what != "sets")
        {
            await client.PostJsonAsync<ValueView>("/write/a?value=1");
        }

        using var response = await client.PostAsync(path);

        await SessionClient.EnsureSuccessAsync(response);
        Assert.NotNull(SessionClient.SetCookieValue(response));
        var cacheControl = response.Headers.CacheControl;
        Assert.True(cacheControl is { NoCache: true, NoStore: true }, $"the response that {what} the cookie has Cache-Control '{cacheControl}'");
        Assert.Contains(response.Headers.Pragma, pragma => pragma.Name == "no-cache");
    }

    [Fact]
    public async Task Outside_development_with_path_slash_and_no_domain_the_cookie_takes_the_Host_prefix()
    {
        // Right: by default the name starts with __Host-, the cookie is Secure, Path=/ and has no Domain (and it still opens the session).
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options => options.Cookie.SecurePolicy = null);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.Address };

        using var written = await http.PostAsync("/write/a?value=1", null);

        await SessionClient.EnsureSuccessAsync(written);
        var header = Assert.Single(written.Headers.GetValues("Set-Cookie"), h => h.Contains("Session", StringComparison.Ordinal));
        var attributes = header.Split(';', StringSplitOptions.TrimEntries);
        var nameAndValue = attributes[0];
        Assert.StartsWith(HostPrefix, nameAndValue, StringComparison.Ordinal);
        Assert.Contains(attributes, a => a.Equals("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(attributes, a => a.Equals("path=/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.OrdinalIgnoreCase));

        using var read = new HttpRequestMessage(HttpMethod.Get, "/read/a");
        read.Headers.TryAddWithoutValidation("Cookie", nameAndValue);
        using var answer = await http.SendAsync(read);
        Assert.Contains("\"value\":\"1\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_domain_set_the_cookie_keeps_its_plain_name()
    {
        // Right: __Host- forbids a Domain, so with one configured the configured name is used as it is.
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options =>
        {
            options.Cookie.SecurePolicy = null;
            options.Cookie.Domain = "example.test";
        });
        using var client = app.NewClient();

        using var written = await client.PostAsync("/write/a?value=1");

        await SessionClient.EnsureSuccessAsync(written);
        Assert.Contains(written.Headers.GetValues("Set-Cookie"), h => h.StartsWith(SessionClient.SessionCookieName + "=", StringComparison.Ordinal));
    }
}
