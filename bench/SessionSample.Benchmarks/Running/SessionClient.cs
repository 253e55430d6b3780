using System.Net.Http.Json;

namespace SessionSample.Benchmarks.Running;

/// <summary>The orchestrator's own HTTP calls: seeding sessions, counted request series, reading keys back.</summary>
public sealed class SessionClient(HttpClient http)
{
    /// <summary>Starts a session with the 10-item cart and returns its cookie as <c>name=value</c>.</summary>
    public async Task<string> SeedAsync(AppProcess app)
    {
        using var response = await http.GetAsync(app.Url("/seed"));
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.First().Split(';')[0]
            : throw new InvalidOperationException($"The {app.Variant} app's /seed set no cookie.");
    }

    public async Task GetAsync(Uri url, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url.PathAndQuery} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<string[]> KeysAsync(AppProcess app, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, app.Url("/keys"));
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<string[]>() ?? [];
    }

    public static HttpClient CreateHttpClient(int connections) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };
}
