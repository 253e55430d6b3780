using Microsoft.Playwright;

namespace SessionSample.EndToEnd.Tests.Web;

/// <summary>What the web's own error page looks like to a client: the status, HTML, the page's title, never cached.</summary>
internal static class ErrorPage
{
    public const string BadRequest = "Bad request";
    public const string NotFound = "Page not found";
    public const string MethodNotAllowed = "Method not allowed";

    public static async Task AssertErrorPageAsync(this IAPIResponse response, int status, string title)
    {
        var body = await response.TextAsync();
        var head = body[..Math.Min(body.Length, 300)];
        Assert.True(response.Status == status, $"{response.Url}: expected {status} but got {response.Status}: {head}");
        Assert.StartsWith("text/html", response.Headers.GetValueOrDefault("content-type") ?? "(no content type)", StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}</h1>", body, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-message\"", body, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.GetValueOrDefault("cache-control") ?? "(no cache-control)", StringComparison.Ordinal);
    }
}
