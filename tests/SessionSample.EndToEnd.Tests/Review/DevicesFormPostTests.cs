using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Review;

/// <summary>
/// Review of issue 11 item 5 ("an API that fails or cannot be reached is a message on the page, never an error
/// page"): the "Your devices" sign-out form posted with a valid antiforgery token but without its handle field
/// (a hand-made post, a stale form). OnPostEndAsync takes <c>string handle</c> and hands null to
/// Uri.EscapeDataString, so the web answers 500 instead of refusing the post (400) or saying so on the page.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DevicesFormPostTests(AppFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await fixture.NewBrowserContextAsync();

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task A_device_sign_out_post_without_a_handle_is_refused_not_a_500()
    {
        var page = await _context.NewPageAsync();
        await page.SignInAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        await page.GotoAsync("/Devices");
        var token = await page.Locator("form input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token));

        var form = _context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        var response = await _context.APIRequest.PostAsync("/Devices?handler=End", new() { Form = form, MaxRedirects = 0 });

        Assert.True(response.Status < 500, $"the web answered {response.Status} to a sign-out form without a handle");
    }
}
