using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Web;

/// <summary>A sign-in whose local return address is not ASCII lands there, signed in, with the session kept.</summary>
[Collection(AppCollection.Name)]
public sealed class SignInReturnUrlTests(AppFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await fixture.NewBrowserContextAsync();
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    /// <summary>
    /// Url.IsLocalUrl accepts a local path with non-ASCII characters (a link to /Café, a U+2028), and LocalRedirect puts it
    /// in the Location header as it is: Kestrel refuses a non-ASCII header value (InvalidOperationException), so the
    /// sign-in answers 500 after the API has already moved the session to a new id and signed it in. The error page
    /// drops the response's Set-Cookie headers: the browser keeps the old id, which now finds nothing. The user is
    /// not signed in and their cart is gone, while the user's list holds a sign-in no browser has.
    /// </summary>
    [Theory]
    [InlineData("/caf%C3%A9", "/caf%C3%A9")]
    [InlineData("/Cart?note=%E2%80%A8", "/Cart?note=%E2%80%A8")]
    public async Task A_sign_in_with_a_non_ASCII_local_return_url_redirects_there_and_keeps_the_session(string returnUrl, string location)
    {
        await _page.AddToCartOnWebAsync("KEEP-RU", 2);
        await _page.GotoAsync("/SignIn");

        var response = await _page.SendFormAsync("POST", "/SignIn?ReturnUrl=" + Uri.EscapeDataString(Uri.UnescapeDataString(returnUrl)),
            ("Input.UserName", "alice"), ("Input.Password", "Pass123$"));

        Assert.True(response.Status == 302, $"the sign-in with ReturnUrl '{returnUrl}' answered {response.Status}");
        Assert.Equal(location, response.Headers["location"]);
        await _page.GotoAsync("/Cart");
        await Expect(_page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        await Expect(_page.CartQuantity("KEEP-RU")).ToHaveTextAsync("2");
    }
}
