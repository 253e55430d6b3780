using System.Net;
using System.Text.Json;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// An HTTP client that keeps the session cookie by hand (like a browser, but visible): tests can read
/// it, copy it, replay an old one, or send garbage.
/// </summary>
public sealed class SessionClient : IDisposable
{
    public const string CookieName = ".SessionSample.Session";

    private readonly HttpClient _http;

    public SessionClient(Uri address)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The cookie value the client sends; null for none.</summary>
    public string? Cookie { get; set; }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", $"{CookieName}={Cookie}");
        }

        var response = await _http.SendAsync(request);
        Remember(response);
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await GetAsync(path);
        return await ReadJsonAsync<T>(response);
    }

    public async Task<T> PostJsonAsync<T>(string path)
    {
        using var response = await PostAsync(path);
        return await ReadJsonAsync<T>(response);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response)
    {
        await EnsureSuccessAsync(response);
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.Content.Headers.ContentType}: '{body}' is not a {typeof(T).Name}.", exception);
        }
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The session cookie the response set, deleted (empty string), or null when it did not touch it.</summary>
    public static string? SetCookieValue(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return null;
        }

        foreach (var header in cookies)
        {
            if (header.StartsWith(CookieName + "=", StringComparison.Ordinal))
            {
                var value = header[(CookieName.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
                return header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) ? string.Empty : value;
            }
        }

        return null;
    }

    private void Remember(HttpResponseMessage response)
    {
        var value = SetCookieValue(response);
        if (value is not null && response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Cookie = value.Length == 0 ? null : value;
        }
    }

    public void Dispose() => _http.Dispose();
}
