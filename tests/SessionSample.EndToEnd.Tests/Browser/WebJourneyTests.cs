using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SessionSample.EndToEnd.Tests.Browser;

/// <summary>A person in headless Chromium on the web frontend, with the API called directly using the browser's own cookies.</summary>
[Collection(AppCollection.Name)]
public sealed class WebJourneyTests(AppFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await fixture.NewBrowserContextAsync();
        _context.SetDefaultTimeout(15_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    /// <summary>The API, acting with the cookies the browser holds right now.</summary>
    private async Task<SessionClient> ApiWithBrowserCookiesAsync()
    {
        var api = fixture.NewApiUser();
        await api.UseCookiesOfAsync(_context);
        return api;
    }

    [Fact]
    public async Task Sign_in_moves_the_session_to_a_new_id_keeps_the_cart_and_the_old_cookie_finds_nothing()
    {
        await _page.AddToCartOnWebAsync("TEA-01", 2);
        var before = await _context.CookieAsync(SessionClient.SessionCookieName);
        Assert.NotNull(before);

        await _page.SignInAsync(password: "not-the-password");
        await Expect(_page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The user name or the password is wrong.");
        Assert.Null(await _context.CookieAsync(SessionClient.AuthCookieName));
        Assert.Equal(before, await _context.CookieAsync(SessionClient.SessionCookieName));
        await Screenshots.SaveAsync(_page, "sign-in");

        await _page.SignInAsync();

        await Expect(_page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        await Expect(_page.GetByTestId("flash")).ToHaveTextAsync("Signed in as alice.");
        await Expect(_page.GetByTestId("session-user")).ToHaveTextAsync("alice");
        var after = await _context.CookieAsync(SessionClient.SessionCookieName);
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
        Assert.NotNull(await _context.CookieAsync(SessionClient.AuthCookieName));
        await Screenshots.SaveAsync(_page, "home");

        await _page.GotoAsync("/Cart");
        await Expect(_page.CartQuantity("TEA-01")).ToHaveTextAsync("2");

        using var attacker = fixture.NewApiUser();
        attacker.Cookie = before!;
        Assert.Empty((await attacker.SessionValuesAsync()).EnumerateObject());
        Assert.Empty((await attacker.GetJsonAsync<JsonElement>("/api/cart")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_cart_is_one_cart_for_the_web_pages_and_the_api()
    {
        await _page.SignInAsync();
        await Expect(_page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");

        await _page.AddToCartOnWebAsync("WEB-1", 3);

        using var api = await ApiWithBrowserCookiesAsync();
        var cart = await api.GetJsonAsync<JsonElement>("/api/cart");
        Assert.Contains(cart.GetProperty("items").EnumerateArray(),
            item => item.GetProperty("sku").GetString() == "WEB-1" && item.GetProperty("quantity").GetInt64() == 3);
        Assert.Equal("alice", (await api.GetJsonAsync<JsonElement>("/api/auth/me")).GetProperty("userName").GetString());

        using (var add = await api.PostAsJsonAsync("/api/cart/items", new { sku = "API-2", quantity = 4 }))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        await _page.GotoAsync("/Cart");
        await Expect(_page.CartQuantity("API-2")).ToHaveTextAsync("4");
        await Expect(_page.CartQuantity("WEB-1")).ToHaveTextAsync("3");
        await Screenshots.SaveAsync(_page, "cart");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Remove WEB-1" }).ClickAsync();
        await Expect(_page.GetByTestId("flash")).ToHaveTextAsync("Removed WEB-1 from the cart.");
        await Expect(_page.CartQuantity("WEB-1")).ToHaveCountAsync(0);
        Assert.DoesNotContain((await api.GetJsonAsync<JsonElement>("/api/cart")).GetProperty("items").EnumerateArray(),
            item => item.GetProperty("sku").GetString() == "WEB-1");
    }

    [Fact]
    public async Task Server_side_api_calls_never_carry_one_browsers_session_to_another()
    {
        await _page.AddToCartOnWebAsync("MINE-1", 1);

        await using var stranger = await fixture.NewBrowserContextAsync();
        var strangerPage = await stranger.NewPageAsync();
        await strangerPage.GotoAsync("/Cart");

        await Expect(strangerPage.GetByTestId("cart-empty")).ToBeVisibleAsync();
        await strangerPage.AddToCartOnWebAsync("THEIRS-1", 1);
        await Expect(strangerPage.CartQuantity("MINE-1")).ToHaveCountAsync(0);
        await _page.ReloadAsync();
        await Expect(_page.CartQuantity("THEIRS-1")).ToHaveCountAsync(0);
        await Expect(_page.CartQuantity("MINE-1")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task The_web_form_shows_the_reason_for_a_bad_sku_or_quantity()
    {
        await _page.GotoAsync("/Cart");
        await _page.GetByLabel("Sku").FillAsync("lower-case");
        await _page.GetByLabel("Quantity").FillAsync("5");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(_page.Locator(".field-error").First).ToContainTextAsync("upper-case");

        await _page.AddToCartOnWebAsync("BIG", 95);
        await _page.GetByLabel("Sku").FillAsync("BIG");
        await _page.GetByLabel("Quantity").FillAsync("9");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(_page.Locator(".field-error").Last).ToContainTextAsync("at most 99");
        await Expect(_page.CartQuantity("BIG")).ToHaveTextAsync("95");
    }

    [Fact]
    public async Task A_flash_set_through_the_api_shows_once_on_the_web()
    {
        await _page.AddToCartOnWebAsync("FLASH-1", 1);
        await _page.GotoAsync("/");

        using (var api = await ApiWithBrowserCookiesAsync())
        using (var flash = await api.PostAsJsonAsync("/api/session/flash", new { message = "Hello from the API" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, flash.StatusCode);
        }

        await _page.ReloadAsync();
        await Expect(_page.GetByTestId("flash")).ToHaveTextAsync("Hello from the API");

        await _page.ReloadAsync();
        await Expect(_page.GetByTestId("session-summary")).ToBeVisibleAsync();
        await Expect(_page.GetByTestId("flash")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Sign_out_empties_the_session_and_renews_the_antiforgery_token()
    {
        await _page.SignInAsync();
        await _page.AddToCartOnWebAsync("OUT-1", 1);
        var signedInSession = await _context.CookieAsync(SessionClient.SessionCookieName);
        var antiforgery = await _context.CookieAsync(".SessionSample.Antiforgery");
        Assert.NotNull(antiforgery);

        await _page.GetByTestId("sign-out").ClickAsync();

        await Expect(_page.GetByTestId("sign-in-link")).ToBeVisibleAsync();
        await Expect(_page.GetByTestId("session-empty")).ToBeVisibleAsync();
        Assert.Null(await _context.CookieAsync(SessionClient.AuthCookieName));
        Assert.NotEqual(signedInSession, await _context.CookieAsync(SessionClient.SessionCookieName));
        Assert.Null(await _context.CookieAsync(".SessionSample.Antiforgery"));

        using var api = await ApiWithBrowserCookiesAsync();
        Assert.Empty((await api.SessionValuesAsync()).EnumerateObject());
        using (var me = await api.Http.GetAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }

        using var replay = fixture.NewApiUser();
        replay.Cookie = signedInSession!;
        Assert.Empty((await replay.SessionValuesAsync()).EnumerateObject());

        // A fresh antiforgery token is issued and works: the person can sign in again at once.
        await _page.SignInAsync();
        await Expect(_page.GetByTestId("signed-in-user")).ToContainTextAsync("alice");
        var renewed = await _context.CookieAsync(".SessionSample.Antiforgery");
        Assert.NotNull(renewed);
        Assert.NotEqual(antiforgery, renewed);
    }

    [Fact]
    public async Task The_report_page_shows_the_report_and_says_clearly_when_the_cache_evicted_it()
    {
        await _page.GotoAsync("/Report");
        await Expect(_page.GetByTestId("report-missing")).ToContainTextAsync("not created a report");

        await _page.GetByTestId("create-report").ClickAsync();
        await Expect(_page.GetByTestId("report-rows")).ToHaveTextAsync("9000");
        await Screenshots.SaveAsync(_page, "report");

        await fixture.FlushCacheAsync();
        await _page.ReloadAsync();

        await Expect(_page.GetByTestId("report-missing")).ToHaveTextAsync("The cache has evicted the report; create it again.");
        await Screenshots.SaveAsync(_page, "report-evicted");

        await _page.GetByTestId("create-report").ClickAsync();
        await Expect(_page.GetByTestId("report-rows")).ToHaveTextAsync("9000");
    }

    [Fact]
    public async Task Page_and_api_change_the_same_session_in_one_action_and_neither_overwrites_the_other()
    {
        // The API puts one TEA in the cart; the web page then loads the session (seeing 1), has the API
        // add 2 more, and writes its own note at the end of the request. A whole-session save by the
        // page would put the cart back to 1; changed-keys-only writes keep the 3.
        await _page.GotoAsync("/");
        using var api = fixture.NewApiUser();
        using (var seed = await api.PostAsJsonAsync("/api/cart/items", new { sku = "TEA", quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        }

        await _context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = SessionClient.SessionCookieName,
            Value = api.Cookie!,
            Domain = fixture.WebBaseAddress.Host,
            Path = "/",
        }]);

        await _page.AddToCartOnWebAsync("TEA", 2);

        await Expect(_page.CartQuantity("TEA")).ToHaveTextAsync("3");
        await Expect(_page.GetByTestId("last-change")).ToContainTextAsync("added TEA");
        var values = await api.SessionValuesAsync();
        Assert.Equal(3, values.GetProperty("cart:TEA").GetInt64());
        var note = values.GetProperty("web:lastCartChange");
        Assert.Equal("TEA", note.GetProperty("sku").GetString());
        Assert.Equal(2, note.GetProperty("quantity").GetInt32());
    }
}
