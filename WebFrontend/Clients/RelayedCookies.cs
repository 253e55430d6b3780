using Microsoft.Net.Http.Headers;

namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// The session and sign-in cookies as the browser will hold them after this request: what it sent,
/// updated by every cookie the API set so far. Kept per request in <see cref="HttpContext.Items"/>.
/// </summary>
public sealed class RelayedCookies
{
    private static readonly object ItemKey = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly string _sessionCookieName;

    private RelayedCookies(HttpContext context, string sessionCookieName)
    {
        _sessionCookieName = sessionCookieName;
        foreach (var (name, value) in context.Request.Cookies)
        {
            if (IsRelayed(name))
            {
                _values[name] = value;
            }
        }
    }

    /// <summary>
    /// True once an API call created, moved or deleted the browser's session in this request. The page's
    /// own session object then no longer is the browser's session (anything it wrote would land in a
    /// session the browser never sees, or in the stale id the store refuses), so the page must leave
    /// the session to the API for the rest of the request.
    /// </summary>
    public bool SessionReplaced { get; private set; }

    /// <summary>Whether an API call replaced the browser's session during this request; see <see cref="SessionReplaced"/>.</summary>
    public static bool ApiReplacedSession(HttpContext context) => context.Items[ItemKey] is RelayedCookies { SessionReplaced: true };

    public static RelayedCookies For(HttpContext context, string sessionCookieName)
    {
        if (context.Items[ItemKey] is not RelayedCookies jar)
        {
            jar = new RelayedCookies(context, sessionCookieName);
            context.Items[ItemKey] = jar;
        }

        return jar;
    }

    /// <summary>Takes in a cookie the API set, if it is one this relay carries; true when it should reach the browser.</summary>
    public bool Accept(SetCookieHeaderValue cookie)
    {
        var name = cookie.Name.ToString();
        if (!IsRelayed(name))
        {
            return false;
        }

        SessionReplaced |= name == _sessionCookieName;
        var deleted = cookie.Expires is { } expires && expires <= DateTimeOffset.UtcNow
            || cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero;
        if (deleted)
        {
            _values.Remove(name);
        }
        else
        {
            _values[name] = cookie.Value.ToString();
        }

        return true;
    }

    public string ToCookieHeader() => string.Join("; ", _values.Select(cookie => $"{cookie.Key}={cookie.Value}"));

    // The sign-in cookie may be split into chunks (.SessionSample.Auth, .SessionSample.AuthC1, ...).
    private bool IsRelayed(string name) =>
        name == _sessionCookieName || name.StartsWith(SharedAuthentication.CookieName, StringComparison.Ordinal);
}
