using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Web;

/// <summary>
/// Hand-made form posts (a valid antiforgery token, the browser's cookies, fields missing or malformed) to the
/// web's page handlers: each answers the page with a message, never a 500, and the session keeps what it held.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PageBadInputTests(AppFixture fixture) : IAsyncLifetime
{
    private const string SkuFormat = "A sku is 1 to 32 upper-case letters";
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await fixture.NewBrowserContextAsync();
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Theory]
    [InlineData(null, "That removal named no item.")]
    [InlineData("", "That removal named no item.")]
    [InlineData("   ", SkuFormat)]
    [InlineData("tea 01", SkuFormat)]
    [InlineData("TEA-01\n", SkuFormat)]
    [InlineData("../../api/session", SkuFormat)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", SkuFormat)]
    public async Task A_cart_removal_without_a_valid_sku_is_a_400_cart_page_that_says_so_and_keeps_the_cart(string? sku, string message)
    {
        await _page.AddToCartOnWebAsync("KEEP-1", 2);

        var response = await _page.SendFormAsync("POST", "/Cart?handler=Remove", sku is null ? [] : [("sku", sku)]);

        var body = await response.TextAsync();
        Assert.True(response.Status == 400, $"the web answered {response.Status} to a removal with sku '{sku}': {body[..Math.Min(300, body.Length)]}");
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.DoesNotContain("field-validation-error", body, StringComparison.Ordinal);
        Assert.Contains("data-sku=\"KEEP-1\"", body, StringComparison.Ordinal);
        await _page.GotoAsync("/Cart");
        await Expect(_page.CartQuantity("KEEP-1")).ToHaveTextAsync("2");
    }

    [Theory]
    [InlineData(null, null, "Enter a sku.")]
    [InlineData("TEA-01", "abc", "is not valid for Quantity")]
    [InlineData("TEA-01", "100000000000", "is not valid for Quantity")]
    [InlineData("TEA-01", "0", "The quantity must be from 1 to 99.")]
    [InlineData("tea-01", "1", SkuFormat)]
    public async Task A_cart_addition_with_a_missing_or_malformed_field_is_the_cart_page_with_the_message(string? sku, string? quantity, string message)
    {
        await _page.AddToCartOnWebAsync("KEEP-2", 3);
        (string, string)[] fields = [.. new[] { ("Input.Sku", sku), ("Input.Quantity", quantity) }.Where(field => field.Item2 is not null).Select(field => (field.Item1, field.Item2!))];

        var response = await _page.SendFormAsync("POST", "/Cart?handler=Add", fields);

        var body = await response.TextAsync();
        Assert.True(response.Status == 200, $"the web answered {response.Status} to an addition of '{sku}' × '{quantity}'");
        Assert.Contains(message, body, StringComparison.Ordinal);
        await _page.GotoAsync("/Cart");
        await Expect(_page.CartQuantity("KEEP-2")).ToHaveTextAsync("3");
        await Expect(_page.GetByTestId("cart-line")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_sign_in_post_with_its_fields_missing_is_the_sign_in_page_with_the_messages()
    {
        await _page.GotoAsync("/SignIn");

        var response = await _page.SendFormAsync("POST", "/SignIn", ("ReturnUrl", "//evil.example/"));

        var body = await response.TextAsync();
        Assert.Equal(200, response.Status);
        Assert.Contains("Enter your user name.", body, StringComparison.Ordinal);
        Assert.Contains("Enter your password.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_sign_out_with_an_unknown_handle_says_it_was_already_signed_out()
    {
        await _page.SignInAsync();
        await Expect(_page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        await _page.GotoAsync("/Devices");

        var response = await _page.SendFormAsync("POST", "/Devices?handler=End", ("handle", "no-such-handle"));

        Assert.Equal(302, response.Status);
        await _page.GotoAsync("/Devices");
        await Expect(_page.GetByTestId("flash")).ToHaveTextAsync("That device was already signed out.");
        await Expect(_page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
    }
}
