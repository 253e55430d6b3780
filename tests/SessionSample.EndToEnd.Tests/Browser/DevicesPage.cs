using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>The "Your devices" page in the words a person reads on it; rows are told apart by their handle.</summary>
internal static class DevicesPage
{
    public static ILocator DeviceRows(this IPage page) => page.GetByTestId("device");

    public static ILocator DeviceRow(this IPage page, string handle) => page.Locator($"[data-testid=device][data-handle=\"{handle}\"]");

    /// <summary>Opens the page from the header link, as a person would.</summary>
    public static async Task OpenDevicesAsync(this IPage page)
    {
        await page.GotoAsync("/");
        await page.GetByTestId("devices-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your devices", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>The handle of the row the page marks as this browser's ("this device").</summary>
    public static async Task<string> ThisDeviceHandleAsync(this IPage page)
    {
        await page.OpenDevicesAsync();
        var current = page.Locator("[data-testid=device][data-current=true]");
        await Expect(current).ToHaveCountAsync(1);
        await Expect(current.GetByTestId("this-device")).ToHaveTextAsync("this device");
        return await current.GetAttributeAsync("data-handle") ?? throw new InvalidOperationException("A device row without a handle.");
    }
}
