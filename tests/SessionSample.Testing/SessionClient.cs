using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using SessionSample.Sessions;

namespace SessionSample.Testing;

/// <summary>
/// An HTTP client of one app that keeps its cookies by hand (like a browser, but visible): the session
/// cookie, the sign-in cookie and any other the app sets. Tests read them, copy them to a second client
/// (another tab, an attacker), replay an old one or send garbage; the benchmarks hand them to a load
/// generator as one Cookie header. Redirects are not followed, so a test sees them.
/// </summary>
public sealed class SessionClient : IDisposable
{
    /// <summary>The store's session cookie, as the apps name it.</summary>
    public static readonly string SessionCookieName = new RedisSessionCookieOptions().Name;

    /// <summary>The shared sign-in cookie.</summary>
    public const string AuthCookieName = SharedAuthentication.CookieName;

    public SessionClient(Uri address)
    {
        Address = address;
        Http = new HttpClient(new CookieKeepingHandler(Cookies)) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    /// <summary>For any request the helpers below do not make; it sends and keeps the same cookies.</summary>
    public HttpClient Http { get; }

    public CookieJar Cookies { get; } = new();

    /// <summary>The session cookie the client sends; null for none.</summary>
    public string? Cookie
    {
        get => Cookies.Get(SessionCookieName);
        set => Cookies.Set(SessionCookieName, value);
    }

    /// <summary>A new client of <paramref name="address"/> (this app by default) holding a copy of these cookies.</summary>
    public SessionClient Copy(Uri? address = null)
    {
        var copy = new SessionClient(address ?? Address);
        Cookies.CopyTo(copy.Cookies);
        return copy;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    public Task<HttpResponseMessage> PostAsJsonAsync(string path, object body) => SendAsync(HttpMethod.Post, path, JsonContent.Create(body));

    public Task<HttpResponseMessage> PutRawAsync(string path, string body, string contentType = "application/json") =>
        SendAsync(HttpMethod.Put, path, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>GETs <paramref name="path"/> and reads the JSON answer; any status but 2xx fails with the body.</summary>
    public async Task<T> GetJsonAsync<T>(string path)
    {
        using var response = await GetAsync(path);
        return await ReadJsonAsync<T>(response);
    }

    /// <summary>POSTs to <paramref name="path"/> without a body and reads the JSON answer; any status but 2xx fails with the body.</summary>
    public async Task<T> PostJsonAsync<T>(string path)
    {
        using var response = await PostAsync(path);
        return await ReadJsonAsync<T>(response);
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The session cookie a response set; an empty string if it deleted it, null if it did not touch it.</summary>
    public static string? SetCookieValue(HttpResponseMessage response) => SetCookieValue(response, SessionCookieName);

    /// <summary>The cookie <paramref name="name"/> a response set; an empty string if it deleted it, null if it did not touch it.</summary>
    public static string? SetCookieValue(HttpResponseMessage response, string name) => CookieJar.SetCookies(response).GetValueOrDefault(name);

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

    public void Dispose() => Http.Dispose();
}
