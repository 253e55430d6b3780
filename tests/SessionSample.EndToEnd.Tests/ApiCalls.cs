using System.Text.Json;
using Microsoft.Playwright;

namespace SessionSample.EndToEnd.Tests;

/// <summary>What the end-to-end tests ask of the API as one user (a <see cref="SessionClient"/> of the API).</summary>
internal static class ApiCalls
{
    /// <summary>The session's values as the API reports them.</summary>
    public static async Task<JsonElement> SessionValuesAsync(this SessionClient user) =>
        (await user.GetJsonAsync<JsonElement>("/api/session")).GetProperty("values");

    /// <summary>Takes the browser's cookies, so API calls act for the same user and session.</summary>
    public static async Task UseCookiesOfAsync(this SessionClient user, IBrowserContext browser)
    {
        foreach (var cookie in await browser.CookiesAsync())
        {
            user.Cookies.Set(cookie.Name, cookie.Value);
        }
    }
}
