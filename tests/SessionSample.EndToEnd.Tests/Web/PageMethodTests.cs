using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Web;

/// <summary>
/// Requests no handler of the page answers: a method the page has no handler for is a 405 (with Allow), a handler
/// name it does not have is a 404, both as the app's error page; the page is never rendered without its handler.
/// Each carries a valid antiforgery token, so it is the page and not antiforgery that answers.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PageMethodTests(AppFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await fixture.NewBrowserContextAsync();
        _page = await _context.NewPageAsync();
        await _page.AddToCartOnWebAsync("STAY-1", 4);
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Theory]
    [InlineData("POST", "/", "GET, HEAD")]
    [InlineData("POST", "/?handler=Anything", "GET, HEAD")]
    [InlineData("PUT", "/Cart", "GET, HEAD, POST")]
    [InlineData("DELETE", "/Report", "GET, HEAD, POST")]
    [InlineData("PATCH", "/SignIn", "GET, HEAD, POST")]
    public async Task A_method_the_page_has_no_handler_for_is_a_405_error_page(string method, string path, string allow)
    {
        var response = await _page.SendFormAsync(method, path);

        await response.AssertErrorPageAsync(405, ErrorPage.MethodNotAllowed);
        Assert.Equal(allow, response.Headers.GetValueOrDefault("allow"));
        await AssertCartKeptAsync();
    }

    // Only a page whose handlers for the method all have names can miss: an unnamed handler (OnGet, OnPost) takes any name.
    [Theory]
    [InlineData("/Cart")]
    [InlineData("/Cart?handler=Empty")]
    [InlineData("/Cart?handler=End")]
    public async Task A_post_to_a_handler_the_page_does_not_have_is_a_404_error_page(string path)
    {
        var response = await _page.SendFormAsync("POST", path);

        await response.AssertErrorPageAsync(404, ErrorPage.NotFound);
        await AssertCartKeptAsync();
    }

    [Fact]
    public async Task An_unknown_handler_name_on_a_get_is_the_page_itself()
    {
        var response = await _context.APIRequest.GetAsync("/?handler=Nothing");

        Assert.Equal(200, response.Status);
        Assert.Contains("data-testid=\"session-summary\"", await response.TextAsync(), StringComparison.Ordinal);
    }

    private async Task AssertCartKeptAsync()
    {
        await _page.GotoAsync("/Cart");
        await Expect(_page.CartQuantity("STAY-1")).ToHaveTextAsync("4");
    }
}
