using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Cookies;

/// <summary>
/// The session cookie's Set-Cookie header, attribute by attribute, as the cookie jar writes it: when it is issued,
/// when it is deleted, and on an error page the exception handler re-executes after a regeneration. Each response
/// that carries it is uncacheable (Cache-Control, Pragma, Expires), as the built-in session middleware's are.
/// </summary>
public sealed class CookieHeaderTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Fact]
    public async Task An_issued_cookie_is_a_session_cookie_http_only_same_site_lax_on_path_slash()
    {
        using var http = NewHttp();

        using var written = await http.PostAsync("/write/a?value=1", null);

        await SessionClient.EnsureSuccessAsync(written);
        var (_, attributes) = SessionCookie(written);
        Assert.Equal(["httponly", "path=/", "samesite=lax"], attributes);
        AssertUncacheable(written);
    }

    [Fact]
    public async Task A_deleted_cookie_carries_the_same_attributes_and_an_expiry_in_the_past()
    {
        using var http = NewHttp();
        using var written = await http.PostAsync("/write/a?value=1", null);
        await SessionClient.EnsureSuccessAsync(written);
        var (issued, _) = SessionCookie(written);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invalidate");
        request.Headers.TryAddWithoutValidation("Cookie", issued);
        using var deleted = await http.SendAsync(request);

        await SessionClient.EnsureSuccessAsync(deleted);
        var (nameAndValue, attributes) = SessionCookie(deleted);
        Assert.Equal(SessionClient.SessionCookieName + "=", nameAndValue);
        Assert.Equal(["expires=thu, 01 jan 1970 00:00:00 gmt", "httponly", "path=/", "samesite=lax"], attributes);
        AssertUncacheable(deleted);
    }

    [Fact]
    public async Task The_error_page_after_a_regeneration_carries_the_new_cookie_with_every_attribute_and_is_uncacheable()
    {
        using var http = NewHttp();
        using var written = await http.PostAsync("/write/a?value=1", null);
        await SessionClient.EnsureSuccessAsync(written);
        var (issued, _) = SessionCookie(written);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/regenerate-then-throw");
        request.Headers.TryAddWithoutValidation("Cookie", issued);
        using var failed = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var (renewed, attributes) = SessionCookie(failed);
        Assert.NotEqual(issued, renewed);
        Assert.Equal(["httponly", "path=/", "samesite=lax"], attributes);
        AssertUncacheable(failed);
    }

    [Fact]
    public async Task Outside_development_the_deleting_cookie_keeps_the_Host_prefix_and_Secure_or_browsers_ignore_it()
    {
        // Right: a browser refuses a __Host- cookie without Secure and Path=/, the deleting one included: the sign-out
        // would leave the cookie in place.
        await using var app = await TestApp.StartAsync(Servers.Sessions.ConnectionString, configure: options => options.Cookie.SecurePolicy = null);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.Address };
        using var written = await http.PostAsync("/write/a?value=1", null);
        await SessionClient.EnsureSuccessAsync(written);
        var (issued, issuedAttributes) = SessionCookie(written, "__Host-" + SessionClient.SessionCookieName);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invalidate");
        request.Headers.TryAddWithoutValidation("Cookie", issued);
        using var deleted = await http.SendAsync(request);

        await SessionClient.EnsureSuccessAsync(deleted);
        var (nameAndValue, attributes) = SessionCookie(deleted, "__Host-" + SessionClient.SessionCookieName);
        Assert.Equal(["httponly", "path=/", "samesite=lax", "secure"], issuedAttributes);
        Assert.Equal("__Host-" + SessionClient.SessionCookieName + "=", nameAndValue);
        Assert.Equal(["expires=thu, 01 jan 1970 00:00:00 gmt", "httponly", "path=/", "samesite=lax", "secure"], attributes);
        AssertUncacheable(deleted);
    }

    private HttpClient NewHttp() => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = App.Address };

    /// <summary>The session cookie's name=value, and its attributes lower-cased and sorted.</summary>
    private static (string NameAndValue, string[] Attributes) SessionCookie(HttpResponseMessage response, string? name = null)
    {
        name ??= SessionClient.SessionCookieName;
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var headers), "the response sets no cookie");
        var header = Assert.Single(headers, h => h.StartsWith(name + "=", StringComparison.Ordinal));
        var parts = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return (parts[0], [.. parts.Skip(1).Select(part => part.ToLowerInvariant()).Order(StringComparer.Ordinal)]);
    }

    private static void AssertUncacheable(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl is { NoCache: true, NoStore: true }, $"Cache-Control '{response.Headers.CacheControl}'");
        Assert.Contains(response.Headers.Pragma, pragma => pragma.Name == "no-cache");
        Assert.Equal("-1", Assert.Single(response.Content.Headers.GetValues("Expires")));
    }
}
