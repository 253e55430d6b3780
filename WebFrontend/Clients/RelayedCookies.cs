using Microsoft.Net.Http.Headers;

namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// The session and sign-in cookies as the browser will hold them after this request: what it sent,
/// updated by every cookie the API set so far. Kept per request in <see cref="HttpContext.Items"/>: it is
/// the cookie jar of the request's API calls, nothing more; what a call did to the session is that call's
/// own result (<see cref="ApiResult{T}.Session"/>).
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

    public static RelayedCookies For(HttpContext context, string sessionCookieName)
    {
        if (context.Items[ItemKey] is not RelayedCookies jar)
        {
            jar = new RelayedCookies(context, sessionCookieName);
            context.Items[ItemKey] = jar;
        }

        return jar;
    }

    /// <summary>
    /// Takes in a cookie the API set, if it is one this relay carries (null when it is not, and must not reach
    /// the browser); says what it does to the browser's session.
    /// </summary>
    public SessionEffect? Accept(SetCookieHeaderValue cookie)
    {
        var name = cookie.Name.ToString();
        if (!IsRelayed(name))
        {
            return null;
        }

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

        // The store sets the session cookie only for a new id or an ended session, never to repeat the same one.
        return name != _sessionCookieName ? SessionEffect.Unchanged
            : deleted ? SessionEffect.Ended
            : SessionEffect.Replaced;
    }

    public string ToCookieHeader() => string.Join("; ", _values.Select(cookie => $"{cookie.Key}={cookie.Value}"));

    // The sign-in cookie may be split into chunks (.SessionSample.Auth, .SessionSample.AuthC1, ...).
    private bool IsRelayed(string name) =>
        name == _sessionCookieName || name.StartsWith(SharedAuthentication.CookieName, StringComparison.Ordinal);
}
