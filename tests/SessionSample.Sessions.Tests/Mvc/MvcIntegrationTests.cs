using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Mvc;

/// <summary>MVC on the Redis session: TempData through the session provider, and the [SessionLock] attribute.</summary>
public sealed class MvcIntegrationTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureBuilder: builder =>
        builder.Services.AddControllersWithViews()
            .AddSessionStateTempDataProvider()
            .AddApplicationPart(typeof(MvcTestController).Assembly));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TempData_set_before_a_redirect_is_shown_once_after_it()
    {
        using var browser = _app.NewClient();

        using var redirect = await browser.GetAsync("/tempdata/set?message=Saved!");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/tempdata/show", redirect.Headers.Location?.OriginalString);
        Assert.NotNull(browser.Cookie);

        using var shown = await browser.GetAsync("/tempdata/show");
        Assert.Equal("Saved!", await shown.Content.ReadAsStringAsync());
        using var shownAgain = await browser.GetAsync("/tempdata/show");
        Assert.Equal("(none)", await shownAgain.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/mvc/locked")]
    [InlineData("/mvc/class-locked")]
    public async Task The_session_lock_attribute_serialises_an_action_and_answers_423_when_the_wait_runs_out(string path)
    {
        // On the action, or on its controller (inherited by every action): the endpoint's metadata is the attribute either way.
        using var first = _app.NewClient();
        await first.PostJsonAsync<ValueView>("/write/seed?value=1");
        using var second = new SessionClient(_app.Address) { Cookie = first.Cookie };

        var (entered, release) = (TestSignals.NewName(), TestSignals.NewName());
        var holding = first.PostAsync($"{path}?entered={entered}&release={release}");
        await TestSignals.WaitAsync(entered);
        using var refused = await second.PostAsync(path);
        TestSignals.Set(release);

        await TestHttp.AssertProblemAsync(refused, HttpStatusCode.Locked, "Session locked");
        Assert.True(refused.Headers.Contains("Retry-After"));
        using var held = await holding;
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }
}

public sealed class MvcTestController : Controller
{
    [HttpPost("/mvc/locked")]
    [SessionLock(holdSeconds: 5, waitSeconds: 1)]
    public async Task<IActionResult> Locked(string? entered, string? release)
    {
        TestSignals.Set(entered);
        await TestSignals.WaitAsync(release);
        HttpContext.Session.SetString("mvc", "done");
        return Content("done");
    }

    [HttpGet("/tempdata/set")]
    public IActionResult Set(string message)
    {
        TempData["message"] = message;
        return Redirect("/tempdata/show");
    }

    [HttpGet("/tempdata/show")]
    public IActionResult Show() => Content(TempData["message"] as string ?? "(none)");
}

[SessionLock(holdSeconds: 5, waitSeconds: 1)]
public sealed class MvcClassLockedController : Controller
{
    [HttpPost("/mvc/class-locked")]
    public async Task<IActionResult> Locked(string? entered, string? release)
    {
        TestSignals.Set(entered);
        await TestSignals.WaitAsync(release);
        HttpContext.Session.SetString("mvc", "done");
        return Content("done");
    }
}
