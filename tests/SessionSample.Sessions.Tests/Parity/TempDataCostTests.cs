using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Parity;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>
/// What a Razor Page that shows TempData (the status-message pattern) costs on an existing session when there
/// is no message: MVC then calls <c>Session.Remove("__ControllerTempData")</c> for a key that is not there.
/// The built-in session counts that as no change; a read-only page view must stay one command here too.
/// Commands are counted by a proxy in front of the app's Redis.
/// </summary>
public sealed class TempDataCostTests : IsolatedRedis
{
    private CountingProxy _proxy = null!;

    protected override Task StartedAsync()
    {
        _proxy = Own(CountingProxy.Start(Redis));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_page_that_reads_empty_TempData_on_an_existing_session_costs_one_command_and_writes_nothing()
    {
        // Right: removing a key the session does not hold is no change: the view costs the load alone, as a read.
        await using var host = await ParityHost.StartAsync(SessionImplementation.Redis, Redis, handler: null, options =>
        {
            options.Services = services => services.AddRazorPages(pages => pages.RootDirectory = "/Parity/Pages").AddSessionStateTempDataProvider();
            options.Endpoints = endpoints => endpoints.MapRazorPages();
        }, redisPort: _proxy.Port);
        using var browser = host.NewClient();
        await host.GetStringAsync(browser, "/parity-warm-up");
        Assert.NotNull(browser.Cookie);
        await host.GetStringAsync(browser, "/parity/tempdata/page");

        var commands = await _proxy.CaptureAsync(async () =>
            Assert.Contains("(none)", await host.GetStringAsync(browser, "/parity/tempdata/page"), StringComparison.Ordinal));

        Assert.True(commands.Count == 1, $"a read-only page view sent {commands.Count} commands: {string.Join(" | ", commands)}");
    }
}
