using Microsoft.Net.Http.Headers;

namespace SessionSample.Testing;

/// <summary>
/// The cookies one client holds, by name, kept by hand rather than by a CookieContainer: a test can read
/// each one, set or replay any value (a stolen or tampered cookie) and see exactly what it sends.
/// All cookies go to the one app the client talks to, whatever their path or domain.
/// </summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>The value held under <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        lock (_cookies)
        {
            return _cookies.GetValueOrDefault(name);
        }
    }

    /// <summary>Holds <paramref name="value"/> under <paramref name="name"/>; null drops the cookie.</summary>
    public void Set(string name, string? value)
    {
        lock (_cookies)
        {
            if (value is null)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }

    /// <summary>Every cookie as one Cookie request header (<c>a=1; b=2</c>), or null when there is none.</summary>
    public string? Header
    {
        get
        {
            lock (_cookies)
            {
                return _cookies.Count == 0 ? null : string.Join("; ", _cookies.Select(cookie => $"{cookie.Key}={cookie.Value}"));
            }
        }
    }

    public void CopyTo(CookieJar other)
    {
        lock (_cookies)
        {
            foreach (var (name, value) in _cookies)
            {
                other.Set(name, value);
            }
        }
    }

    /// <summary>Takes what the response's Set-Cookie headers say, as a browser would: a new value, or a deletion.</summary>
    public void Update(HttpResponseMessage response)
    {
        foreach (var (name, value) in SetCookies(response))
        {
            Set(name, value.Length == 0 ? null : value);
        }
    }

    /// <summary>The cookies a response sets, by name: the value, or an empty string for one it deletes (expired).</summary>
    public static Dictionary<string, string> SetCookies(HttpResponseMessage response)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.Headers.TryGetValues("Set-Cookie", out var headers)
            && SetCookieHeaderValue.TryParseList([.. headers], out var parsed))
        {
            foreach (var cookie in parsed)
            {
                var deleted = cookie.Expires < DateTimeOffset.UtcNow || cookie.MaxAge <= TimeSpan.Zero;
                cookies[cookie.Name.ToString()] = deleted ? string.Empty : cookie.Value.ToString();
            }
        }

        return cookies;
    }
}
