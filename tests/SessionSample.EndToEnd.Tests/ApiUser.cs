using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SessionSample.EndToEnd.Tests;

/// <summary>A client of the API with its own cookie jar, like one browser.</summary>
public sealed class ApiUser : IDisposable
{
    public const string SessionCookieName = ".SessionSample.Session";
    public const string AuthCookieName = ".SessionSample.Auth";

    private readonly HttpClientHandler _handler;

    public ApiUser(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false };
        Http = new HttpClient(_handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public string? SessionCookie => Cookie(SessionCookieName);

    public string? Cookie(string name) =>
        Cookies.GetCookies(BaseAddress).FirstOrDefault(cookie => cookie.Name == name && !cookie.Expired)?.Value;

    public void SetCookie(string name, string value) =>
        Cookies.Add(new System.Net.Cookie(name, value, "/", BaseAddress.Host));

    /// <summary>Takes the browser's cookies, so API calls act for the same user and session.</summary>
    public async Task UseCookiesOfAsync(IBrowserContext browser)
    {
        foreach (var cookie in await browser.CookiesAsync())
        {
            SetCookie(cookie.Name, cookie.Value);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Http.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PutRawAsync(string path, string body, string contentType = "application/json") =>
        Http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    /// <summary>The session's values as the API reports them.</summary>
    public async Task<JsonElement> SessionValuesAsync() => (await GetJsonAsync("/api/session")).GetProperty("values");

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}
