using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>
/// The web frontend with the API service stopped: pages show the failure in their own words (never a raw
/// 500), and sign-out still works, because the web has the sessions Redis and ends the session itself.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiDownTests(AppFixture fixture) : IAsyncLifetime
{
    // A GET to a stopped API is retried by the standard resilience handler before the page gives up.
    private static readonly PageGotoOptions SlowGoto = new() { Timeout = 60_000 };
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await fixture.NewBrowserContextAsync();
        _context.SetDefaultTimeout(15_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task With_the_api_stopped_the_devices_page_says_so_and_sign_out_signs_out_here()
    {
        await _page.SignInAsync();
        await _page.AddToCartOnWebAsync("DOWN-1", 1);
        var signedIn = await _context.CookiesAsync();
        var signedInSession = await _context.CookieAsync(SessionClient.SessionCookieName);

        await fixture.StopApiAsync();
        try
        {
            var devices = await _page.GotoAsync("/Devices", SlowGoto);
            Assert.Equal((int)HttpStatusCode.OK, devices!.Status);
            await Expect(_page.GetByTestId("devices-error")).ToHaveTextAsync("The API service could not be reached.");
            await Screenshots.SaveAsync(_page, "devices-api-down");

            await _page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync();
            await Expect(_page.GetByTestId("devices-error")).ToHaveTextAsync("The API service could not be reached.");

            // Sign-out redirects home, whose API status call is retried like any GET: hence the longer wait.
            await _page.GetByTestId("sign-out").ClickAsync(new() { Timeout = 60_000 });
            await Expect(_page.GetByTestId("flash")).ToContainTextAsync("Signed out on this device. The server could not be reached");
            await Expect(_page.GetByTestId("sign-in-link")).ToBeVisibleAsync();
            await Expect(_page.GetByTestId("session-user")).ToHaveTextAsync("no");
            Assert.Null(await _context.CookieAsync(SessionClient.AuthCookieName));
            Assert.NotEqual(signedInSession, await _context.CookieAsync(SessionClient.SessionCookieName));
        }
        finally
        {
            await fixture.StartApiAsync();
        }

        // The session the web ended is gone for the API too: its cart and its sign-in, even with the cookies replayed.
        using var replay = fixture.NewApiUser();
        foreach (var cookie in signedIn.Where(cookie => cookie.Name.StartsWith(".SessionSample.", StringComparison.Ordinal)))
        {
            replay.Cookies.Set(cookie.Name, cookie.Value);
        }

        Assert.Empty((await replay.SessionValuesAsync()).EnumerateObject());
        using var me = await replay.Http.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}
