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
        SecurePolicy = cookie.SecurePolicy ?? (environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        Path = cookie.Path;
        Domain = cookie.Domain;
        SameSite = cookie.SameSite;
        var prefixed = (cookie.UseHostPrefix ?? !environment.IsDevelopment())
            && SecurePolicy == CookieSecurePolicy.Always && Path == "/" && string.IsNullOrEmpty(Domain);
        Name = prefixed && !cookie.Name.StartsWith(HostPrefix, StringComparison.Ordinal) ? HostPrefix + cookie.Name : cookie.Name;
    }

    /// <summary>The name the cookie is sent and read under (with <see cref="HostPrefix"/> when it applies).</summary>
    public string Name { get; }

    internal CookieSecurePolicy SecurePolicy { get; }

    internal string Path { get; }

    internal string? Domain { get; }

    internal SameSiteMode SameSite { get; }

    internal CookieOptions Build(HttpContext context) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSite,
        Path = Path,
        Domain = Domain,
        Secure = SecurePolicy switch
        {
            CookieSecurePolicy.Always => true,
            CookieSecurePolicy.None => false,
            _ => context.Request.IsHttps,
        },
    };
}
