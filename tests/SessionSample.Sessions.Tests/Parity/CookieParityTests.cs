using Microsoft.AspNetCore.Http;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>The session cookie itself: its Secure flag per policy and scheme (over real HTTPS), its attributes, caching.</summary>
[Trait("Category", "Parity")]
public sealed class CookieParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    // ASP.NET Core's SecureSessionBasedOnHttpsAndSecurePolicy: Always is Secure on both schemes, None on
    // neither, SameAsRequest only over HTTPS.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn, CookieSecurePolicy.Always)]
    [InlineData(SessionImplementation.BuiltIn, CookieSecurePolicy.None)]
    [InlineData(SessionImplementation.BuiltIn, CookieSecurePolicy.SameAsRequest)]
    [InlineData(SessionImplementation.Redis, CookieSecurePolicy.Always)]
    [InlineData(SessionImplementation.Redis, CookieSecurePolicy.None)]
    [InlineData(SessionImplementation.Redis, CookieSecurePolicy.SameAsRequest)]
    public async Task The_cookie_is_secure_as_the_policy_and_the_request_scheme_say(SessionImplementation implementation, CookieSecurePolicy policy)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, SetValue, options =>
        {
            options.SecurePolicy = policy;
            options.Https = true;
        });

        var overHttp = await SessionCookieHeaderAsync(host.Address);
        var overHttps = await SessionCookieHeaderAsync(host.HttpsAddress!);

        host.AssertHandlerSucceeded();
        Assert.Equal(policy == CookieSecurePolicy.Always, IsSecure(overHttp));
        Assert.Equal(policy != CookieSecurePolicy.None, IsSecure(overHttps));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task The_cookie_is_http_only_lax_and_site_wide(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, SetValue);

        var attributes = (await SessionCookieHeaderAsync(host.Address)).Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();

        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        // A session cookie, gone with the browser; the session's lifetime is kept by the server.
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal) || a.StartsWith("max-age=", StringComparison.Ordinal));
    }

    // The built-in's SessionEstablisher marks the response that carries a new session cookie as not cacheable:
    // a shared cache that stored it would hand one user's session to the next.
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task The_response_that_issues_a_session_cookie_may_not_be_cached(SessionImplementation implementation)
    {
        await using var host = await ParityHost.StartAsync(implementation, fixture.Redis, SetValue);
        using var client = host.NewClient();

        using var response = await client.GetAsync("/");

        Assert.NotNull(SessionClient.SetCookieValue(response));
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    private static Task SetValue(HttpContext context)
    {
        context.Session.SetString("Key", "Value");
        return Task.CompletedTask;
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Any(a => a.Equals("secure", StringComparison.OrdinalIgnoreCase));

    // SessionClient speaks plain HTTP; this one also trusts the host's throw-away certificate.
    private static async Task<string> SessionCookieHeaderAsync(Uri address)
    {
        using var handler = new SocketsHttpHandler { UseCookies = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync("/");
        await SessionClient.EnsureSuccessAsync(response);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SessionClient.SessionCookieName + "=", StringComparison.Ordinal));
    }
}
