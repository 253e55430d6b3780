using System.Net;
using System.Text.RegularExpressions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// A signed-in browser's session under a batch of bad form posts, as a plain HTTP client: each post takes a fresh
/// antiforgery token from its page (the GET is checked too), and the session is read back through the API after
/// the batch (the apps share it), where the canary an <see cref="ApiBatch"/> planted must still be.
/// </summary>
internal sealed partial class WebBatch(AppFixture fixture, Verdicts verdicts, ApiBatch api) : IDisposable
{
    private SessionClient _web = api.User.Copy(fixture.WebBaseAddress);

    public static async Task<WebBatch> StartAsync(AppFixture fixture, Verdicts verdicts) =>
        new(fixture, verdicts, await ApiBatch.StartAsync(fixture, verdicts, signedIn: true));

    /// <summary>The session cookie the browser holds, for a second cookie that names it.</summary>
    public string? Cookie => _web.Cookie;

    public async Task SendAsync(FormPost form)
    {
        var token = form.WithToken ? await TokenAsync(form.Page) : null;
        using var request = form.ToProbe(token).ToRequest();
        using var response = await _web.Http.SendAsync(request);
        var exchange = await Exchange.ReadAsync(form.ToProbe(null), response);
        verdicts.CheckWeb(exchange);
        if (form.EndsSession && response.StatusCode == HttpStatusCode.Redirect)
        {
            await ReadBackAsync(ended: true);
            await api.PlantAsync();
            _web.Dispose();
            _web = api.User.Copy(fixture.WebBaseAddress);
        }
    }

    /// <summary>The session through the API, with the browser's cookies as they are now.</summary>
    public async Task ReadBackAsync(bool ended = false)
    {
        // Exactly the browser's session and sign-in: a cookie the web deleted must go from the API client too.
        api.User.Cookie = _web.Cookie;
        api.User.Cookies.Set(SessionClient.AuthCookieName, _web.Cookies.Get(SessionClient.AuthCookieName));
        await api.ReadBackAsync(ended);
    }

    // The page is part of the run: it must answer its own HTML page to a browser holding whatever the batch left.
    private async Task<string?> TokenAsync(string page)
    {
        using var response = await _web.GetAsync(page);
        var exchange = await Exchange.ReadAsync(new Probe("page", "the form's page", HttpMethod.Get, page, Expect: Expect.Anything), response);
        verdicts.CheckWeb(exchange);
        var match = Token().Match(exchange.Body);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public void Dispose()
    {
        _web.Dispose();
        api.Dispose();
    }
}
