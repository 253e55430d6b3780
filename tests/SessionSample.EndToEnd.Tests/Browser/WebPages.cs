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

    /// <summary>
    /// Sends a hand-made form (no redirects followed) with the antiforgery token of the first form on the page the browser
    /// shows now and the browser's cookies: what a stale or edited form, or a script, would send.
    /// </summary>
    public static async Task<IAPIResponse> SendFormAsync(this IPage page, string method, string path, params (string Name, string Value)[] fields)
    {
        var token = await page.Locator("form input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token), $"{page.Url} has no form with an antiforgery token");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return await page.Context.APIRequest.FetchAsync(path, new() { Method = method, Form = form, MaxRedirects = 0 });
    }

    public static async Task<string?> CookieAsync(this IBrowserContext context, string name) =>
        (await context.CookiesAsync()).FirstOrDefault(cookie => cookie.Name == name)?.Value;
}
