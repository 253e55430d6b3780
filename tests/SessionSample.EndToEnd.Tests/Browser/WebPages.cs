using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>What a person does on the web frontend, in the words of the pages (labels and button names).</summary>
internal static class WebPages
{
    public static async Task SignInAsync(this IPage page, string userName = "alice", string password = "Pass123$")
    {
        await page.GotoAsync("/SignIn");
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public static async Task AddToCartOnWebAsync(this IPage page, string sku, int quantity)
    {
        await page.GotoAsync("/Cart");
        await page.GetByLabel("Sku").FillAsync(sku);
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByTestId("flash").Filter(new() { HasText = sku })).ToBeVisibleAsync();
    }

    public static ILocator CartQuantity(this IPage page, string sku) =>
        page.Locator($"[data-testid=cart-line][data-sku=\"{sku}\"] [data-testid=cart-quantity]");

    public static async Task<string?> CookieAsync(this IBrowserContext context, string name) =>
        (await context.CookiesAsync()).FirstOrDefault(cookie => cookie.Name == name)?.Value;
}
