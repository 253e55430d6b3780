using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions;

/// <summary>
/// The session cookie as this app sends it, resolved once at startup from <see cref="RedisSessionCookieOptions"/>
/// and the environment: Secure outside Development, and the <c>__Host-</c> prefix wherever the browser will
/// honour it (Secure, Path=/, no Domain), so no subdomain or plain-HTTP page can plant a session cookie.
/// </summary>
public sealed class SessionCookieSettings
{
    internal const string HostPrefix = "__Host-";

    internal SessionCookieSettings(IOptions<RedisSessionOptions> options, IHostEnvironment environment)
    {
        var cookie = options.Value.Cookie;
        Cookie = new CookieBuilder
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = cookie.SameSite,
            Path = cookie.Path,
            Domain = cookie.Domain,
            SecurePolicy = cookie.SecurePolicy ?? (environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always),
        };
        var prefixed = (cookie.UseHostPrefix ?? !environment.IsDevelopment())
            && Cookie.SecurePolicy == CookieSecurePolicy.Always && Cookie.Path == "/" && string.IsNullOrEmpty(Cookie.Domain);
        Name = prefixed && !cookie.Name.StartsWith(HostPrefix, StringComparison.Ordinal) ? HostPrefix + cookie.Name : cookie.Name;
    }

    /// <summary>The name the cookie is sent and read under (with <see cref="HostPrefix"/> when it applies).</summary>
    public string Name { get; }

    /// <summary>Everything but the name: <c>Build(context)</c> gives the options a response sends (Secure by the policy and the request's scheme).</summary>
    internal CookieBuilder Cookie { get; }
}
