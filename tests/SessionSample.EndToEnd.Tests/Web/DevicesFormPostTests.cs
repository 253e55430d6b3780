using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Web;

/// <summary>
/// The "Your devices" sign-out form posted with a valid antiforgery token but without its handle field (a hand-made
/// post, a stale form) is refused, never answered with an error page: an API call that cannot be made is a message
/// on the page. OnPostEndAsync takes <c>string handle</c>; handing its null to Uri.EscapeDataString answered 500.
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
