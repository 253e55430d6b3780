using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>
/// TempData in a Razor Page and in MVC controllers over either session, with the session-based TempData
/// provider. MVC saves TempData from an OnStarting callback, after the action ran and as the body starts.
/// </summary>
[Trait("Category", "Parity")]
public sealed class TempDataParityTests(ParityRedisFixture fixture) : IClassFixture<ParityRedisFixture>
{
    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task TempData_set_and_rendered_by_a_page_in_one_request_is_gone_on_the_next(SessionImplementation implementation)
    {
        await using var host = await StartAsync(implementation);
        using var browser = host.NewClient();
        await SeedSessionAsync(host, browser);

        Assert.Contains("<p id=\"message\">Hello</p>", await host.GetStringAsync(browser, "/parity/tempdata/page?message=Hello"), StringComparison.Ordinal);
        Assert.Contains("<p id=\"message\">(none)</p>", await host.GetStringAsync(browser, "/parity/tempdata/page"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task TempData_set_by_a_page_that_does_not_render_it_is_shown_once_on_the_next_request(SessionImplementation implementation)
    {
        await using var host = await StartAsync(implementation);
        using var browser = host.NewClient();
        await SeedSessionAsync(host, browser);

        Assert.Contains("<p id=\"message\">not shown</p>", await host.GetStringAsync(browser, "/parity/tempdata/page?message=Hello&show=false"), StringComparison.Ordinal);
        Assert.Contains("<p id=\"message\">Hello</p>", await host.GetStringAsync(browser, "/parity/tempdata/page"), StringComparison.Ordinal);
        Assert.Contains("<p id=\"message\">(none)</p>", await host.GetStringAsync(browser, "/parity/tempdata/page"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Reading_one_of_two_TempData_values_keeps_the_other_for_the_next_request(SessionImplementation implementation)
    {
        await using var host = await StartAsync(implementation);
        using var browser = host.NewClient();

        Assert.Equal("set", await host.GetStringAsync(browser, "/parity/tempdata/set?first=A&second=B"));
        Assert.NotNull(browser.Cookie);
        Assert.Equal("A", await host.GetStringAsync(browser, "/parity/tempdata/read-first"));
        Assert.Equal("(none)|B", await host.GetStringAsync(browser, "/parity/tempdata/read-both"));
        Assert.Equal("(none)|(none)", await host.GetStringAsync(browser, "/parity/tempdata/read-both"));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Peeked_TempData_stays_until_it_is_read(SessionImplementation implementation)
    {
        await using var host = await StartAsync(implementation);
        using var browser = host.NewClient();
        await SeedSessionAsync(host, browser);

        await host.GetStringAsync(browser, "/parity/tempdata/set?first=A&second=B");
        Assert.Equal("A", await host.GetStringAsync(browser, "/parity/tempdata/peek-first"));
        Assert.Equal("A", await host.GetStringAsync(browser, "/parity/tempdata/peek-first"));
        Assert.Equal("A|B", await host.GetStringAsync(browser, "/parity/tempdata/read-both"));
        Assert.Equal("(none)|(none)", await host.GetStringAsync(browser, "/parity/tempdata/read-both"));
    }

    [Theory]
    [InlineData(SessionImplementation.BuiltIn)]
    [InlineData(SessionImplementation.Redis)]
    public async Task Kept_TempData_survives_being_read_once(SessionImplementation implementation)
    {
        await using var host = await StartAsync(implementation);
        using var browser = host.NewClient();
        await SeedSessionAsync(host, browser);

        await host.GetStringAsync(browser, "/parity/tempdata/set?first=A&second=B");
        Assert.Equal("A", await host.GetStringAsync(browser, "/parity/tempdata/keep-first"));
        Assert.Equal("A|B", await host.GetStringAsync(browser, "/parity/tempdata/read-both"));
        Assert.Equal("(none)|(none)", await host.GetStringAsync(browser, "/parity/tempdata/read-both"));
    }

    private Task<ParityHost> StartAsync(SessionImplementation implementation) =>
        ParityHost.StartAsync(implementation, fixture.Redis, handler: null, options =>
        {
            options.Services = services =>
            {
                services.AddControllersWithViews().AddSessionStateTempDataProvider();
                services.AddRazorPages(pages => pages.RootDirectory = "/Parity/Pages").AddSessionStateTempDataProvider();
            };
            options.Endpoints = endpoints =>
            {
                endpoints.MapControllers();
                endpoints.MapRazorPages();
            };
        });

    // An existing session, so the scenario is about saving TempData, not about issuing a cookie late.
    private static async Task SeedSessionAsync(ParityHost host, SessionClient browser)
    {
        await host.GetStringAsync(browser, "/parity-warm-up");
        Assert.NotNull(browser.Cookie);
    }
}
