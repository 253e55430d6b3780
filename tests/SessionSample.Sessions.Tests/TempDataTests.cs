using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests;

public sealed class TempDataTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task TempData_set_before_a_redirect_is_shown_once_after_it()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureBuilder: builder =>
            builder.Services.AddControllersWithViews()
                .AddSessionStateTempDataProvider()
                .AddApplicationPart(typeof(TempDataTestController).Assembly));
        using var browser = app.NewClient();

        using var redirect = await browser.GetAsync("/tempdata/set?message=Saved!");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/tempdata/show", redirect.Headers.Location?.OriginalString);
        Assert.NotNull(browser.Cookie);

        using var shown = await browser.GetAsync("/tempdata/show");
        Assert.Equal("Saved!", await shown.Content.ReadAsStringAsync());
        using var shownAgain = await browser.GetAsync("/tempdata/show");
        Assert.Equal("(none)", await shownAgain.Content.ReadAsStringAsync());
    }
}

/// <summary>MVC's TempData through the session provider, over the Redis session.</summary>
public sealed class TempDataTestController : Controller
{
    [HttpGet("/tempdata/set")]
    public IActionResult Set(string message)
    {
        TempData["message"] = message;
        return Redirect("/tempdata/show");
    }

    [HttpGet("/tempdata/show")]
    public IActionResult Show() => Content(TempData["message"] as string ?? "(none)");
}
