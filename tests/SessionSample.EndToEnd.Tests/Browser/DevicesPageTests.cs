using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>
/// "Your devices" in headless Chromium: alice signed in from separate browser contexts (each its own cookie
/// jar, as two devices), each seeing the other's session and signing it out.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DevicesPageTests(AppFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    // Two devices told apart by what they say they are, the same on every machine the tests run on.
    private const string AndroidFirefox = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";
    private const string WindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

    private async Task<(IBrowserContext Context, IPage Page)> SignedInDeviceAsync(string? userAgent = null)
    {
        var context = await fixture.NewBrowserContextAsync(userAgent);
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        return (context, page);
    }

    [Fact]
    public async Task Two_devices_see_each_other_newest_first_and_one_signs_the_other_out()
    {
        var (_, laptop) = await SignedInDeviceAsync(WindowsChrome);
        var laptopHandle = await laptop.ThisDeviceHandleAsync();
        var (_, phone) = await SignedInDeviceAsync(AndroidFirefox);
        var phoneHandle = await phone.ThisDeviceHandleAsync();
        Assert.NotEqual(laptopHandle, phoneHandle);

        await laptop.OpenDevicesAsync();
        var rows = laptop.DeviceRows();
        // Newest first: the phone signed in last; the laptop's own row is marked, the phone's is not.
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-handle", phoneHandle);
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-handle", laptopHandle);
        await Expect(laptop.DeviceRow(laptopHandle).GetByTestId("this-device")).ToHaveTextAsync("this device");
        await Expect(laptop.DeviceRow(phoneHandle).GetByTestId("this-device")).ToHaveCountAsync(0);
        await Expect(laptop.DeviceRow(phoneHandle).GetByTestId("device-last-seen")).ToHaveTextAsync("just now");
        // Each named by the browser it signed in with (the web passes the browser's User-Agent on to the API).
        await Expect(laptop.DeviceRow(phoneHandle).GetByTestId("device-summary")).ToHaveTextAsync("Firefox on Android");
        await Expect(laptop.DeviceRow(laptopHandle).GetByTestId("device-summary")).ToHaveTextAsync("Chrome on Windows");
        await Screenshots.SaveAsync(laptop, "devices");

        await laptop.DeviceRow(phoneHandle).GetByRole(AriaRole.Button).ClickAsync();

        await Expect(laptop.GetByTestId("flash")).ToHaveTextAsync("Signed out Firefox on Android.");
        await Expect(laptop.DeviceRow(phoneHandle)).ToHaveCountAsync(0);
        await Expect(laptop.DeviceRow(laptopHandle)).ToHaveCountAsync(1);

        // The phone's session and its sign-in ended at once: its next page shows it signed out.
        await phone.GotoAsync("/");
        await Expect(phone.GetByTestId("sign-in-link")).ToBeVisibleAsync();
        await Expect(phone.GetByTestId("session-user")).ToHaveTextAsync("no");
        await phone.GotoAsync("/Devices");
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/SignIn"));
    }

    [Fact]
    public async Task Sign_out_everywhere_else_leaves_only_this_device_signed_in()
    {
        var (_, desk) = await SignedInDeviceAsync();
        var deskHandle = await desk.ThisDeviceHandleAsync();
        var (_, phone) = await SignedInDeviceAsync();
        var (_, tablet) = await SignedInDeviceAsync();

        await desk.OpenDevicesAsync();
        Assert.True(await desk.DeviceRows().CountAsync() >= 3);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync();

        await Expect(desk.GetByTestId("flash")).ToHaveTextAsync("Signed out everywhere else.");
        await Expect(desk.DeviceRows()).ToHaveCountAsync(1);
        await Expect(desk.DeviceRow(deskHandle).GetByTestId("this-device")).ToBeVisibleAsync();
        await Expect(desk.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        foreach (var other in new[] { phone, tablet })
        {
            await other.GotoAsync("/");
            await Expect(other.GetByTestId("sign-in-link")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task Every_form_needs_its_antiforgery_token_and_the_page_needs_a_sign_in()
    {
        var anonymous = await fixture.NewBrowserContextAsync();
        _contexts.Add(anonymous);
        var stranger = await anonymous.NewPageAsync();
        await stranger.GotoAsync("/Devices");
        await Expect(stranger).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/SignIn\?ReturnUrl=%2FDevices"));

        var (context, page) = await SignedInDeviceAsync();

        // The browser's own cookies (session, sign-in and antiforgery cookie), but no form token: each is refused.
        foreach (var (path, form) in new (string, Dictionary<string, string>)[]
        {
            ("/Devices?handler=SignOutOthers", []),
            ("/Devices?handler=SignOutEverywhere", []),
            ("/Devices?handler=End", new() { ["handle"] = "any-handle" }),
            ("/SignOut", []),
        })
        {
            var response = await context.APIRequest.PostAsync(path, new() { Form = FormOf(context, form), MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.BadRequest, response.Status);
        }

        await page.GotoAsync("/");
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
    }

    private static IFormData FormOf(IBrowserContext context, Dictionary<string, string> fields)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
