using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Web;

/// <summary>
/// The web's answers that have no page of their own (no such page, a form without its antiforgery token) are the
/// app's HTML error page with the right status, for GET and POST, with and without a session, and with the API or
/// the sessions Redis down; the error page never caches, never starts a session and never changes one.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ErrorPageTests(AppFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await fixture.NewBrowserContextAsync();

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Theory]
    [InlineData("GET", "/no-such-page")]
    [InlineData("POST", "/no-such-page")]
    [InlineData("GET", "/css/no-such-file.css")]
    [InlineData("GET", "/Cart/extra/segments")]
    public async Task An_unknown_path_is_a_404_error_page_that_starts_no_session(string method, string path)
    {
        var response = await _context.APIRequest.FetchAsync(path, new() { Method = method, MaxRedirects = 0 });

        await response.AssertErrorPageAsync(404, ErrorPage.NotFound);
        Assert.DoesNotContain(response.HeadersArray, header =>
            header.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase) && header.Value.StartsWith(SessionClient.SessionCookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_path_with_a_session_is_a_404_error_page_and_the_session_is_kept()
    {
        var page = await _context.NewPageAsync();
        await page.SignInAsync();
        await page.AddToCartOnWebAsync("LOST-1", 5);

        await (await _context.APIRequest.GetAsync("/no-such-page")).AssertErrorPageAsync(404, ErrorPage.NotFound);
        await (await page.SendFormAsync("POST", "/no-such-page")).AssertErrorPageAsync(404, ErrorPage.NotFound);

        // A browser navigation shows the page too (the layout, signed in), not an empty answer.
        var shown = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, shown!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = ErrorPage.NotFound })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        await page.GotoAsync("/Cart");
        await Expect(page.CartQuantity("LOST-1")).ToHaveTextAsync("5");
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_a_400_error_page_and_changes_nothing()
    {
        var page = await _context.NewPageAsync();
        await page.AddToCartOnWebAsync("KEPT-1", 1);
        var form = _context.APIRequest.CreateFormData();
        form.Set("Input.Sku", "SNEAKED-1");
        form.Set("Input.Quantity", "1");

        var response = await _context.APIRequest.PostAsync("/Cart?handler=Add", new() { Form = form, MaxRedirects = 0 });

        await response.AssertErrorPageAsync(400, ErrorPage.BadRequest);
        await page.GotoAsync("/Cart");
        await Expect(page.CartQuantity("KEPT-1")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("cart-line")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task The_health_endpoints_keep_their_plain_text()
    {
        var response = await _context.APIRequest.GetAsync("/health");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/plain", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("Healthy", await response.TextAsync());
    }

    [Fact]
    public async Task With_the_api_stopped_the_error_pages_still_render()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/SignIn");

        await fixture.StopApiAsync();
        try
        {
            await (await _context.APIRequest.GetAsync("/no-such-page")).AssertErrorPageAsync(404, ErrorPage.NotFound);
            await (await page.SendFormAsync("POST", "/")).AssertErrorPageAsync(405, ErrorPage.MethodNotAllowed);
        }
        finally
        {
            await fixture.StartApiAsync();
        }
    }

    [Fact]
    public async Task With_the_sessions_redis_stopped_the_error_pages_still_render()
    {
        var page = await _context.NewPageAsync();
        await page.SignInAsync();
        await page.AddToCartOnWebAsync("BACK-1", 6);
        var anonymous = await fixture.NewBrowserContextAsync();

        await fixture.App.ResourceCommands.ExecuteCommandAsync("sessions", "resource-stop");
        try
        {
            await (await anonymous.APIRequest.GetAsync("/no-such-page")).AssertErrorPageAsync(404, ErrorPage.NotFound);
            await (await anonymous.APIRequest.PostAsync("/no-such-page")).AssertErrorPageAsync(404, ErrorPage.NotFound);

            // Signed in, every request reads the session to check the sign-in: the store's failure is the error page, 503,
            // for a browser (a client that does not ask for HTML gets the store's problem+json).
            var signedIn = await _context.APIRequest.GetAsync("/no-such-page", new() { Headers = new Dictionary<string, string> { ["Accept"] = "text/html" } });
            await signedIn.AssertErrorPageAsync(503, "Session store unavailable");
        }
        finally
        {
            await anonymous.CloseAsync();
            await fixture.App.ResourceCommands.ExecuteCommandAsync("sessions", "resource-start");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("sessions", timeout.Token);
        }

        // The sessions Redis keeps its data across restarts: the cart and the sign-in are back once the apps reconnect.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await page.GotoAsync("/Cart"))!.Status != 200 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        await Expect(page.CartQuantity("BACK-1")).ToHaveTextAsync("6");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
    }
}
