using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;
using StackExchange.Redis;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SessionSample.EndToEnd.Tests;

/// <summary>
/// The whole app, started once for the assembly by the real AppHost (the Redis resources on the test
/// engine: redis-server, or Garnet where it does not run; real Kestrel for both services) plus one
/// headless Chromium. Each test makes its own users and browser contexts, so tests never share a session.
/// </summary>
public sealed class AppFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private IPlaywright? _playwright;

    // The sessions Redis persists; a private folder keeps this run from sharing (or corrupting) the
    // data of a developer's running AppHost or of another test project running at the same time.
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sessionsample-e2e-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public Uri ApiBaseAddress { get; private set; } = null!;

    public Uri WebBaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        // An xunit diagnostic message: `dotnet test` shows those (xunit.runner.json turns them on).
        TestRedis.AnnounceOnce(line => diagnostics.OnMessage(new DiagnosticMessage(line)));

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SessionSample_AppHost>(
            [$"--RedisEngine={TestRedis.Engine.Name()}", $"--Redis:DataDirectory={_dataDirectory}"],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        App = await builder.BuildAsync(timeout.Token);
        await App.StartAsync(timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("apiservice", timeout.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("webfrontend", timeout.Token);

        ApiBaseAddress = App.GetEndpoint("apiservice", "http");
        WebBaseAddress = App.GetEndpoint("webfrontend", "http");

        // Generous on a loaded machine (CI runs everything on two cores); a passing test never waits for it.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        var chromium = ChromiumLocator.ForThisMachine(_playwright.Chromium.ExecutablePath).Locate();
        diagnostics.OnMessage(new DiagnosticMessage($"Browser tests drive {chromium}"));
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public SessionClient NewApiUser() => new(ApiBaseAddress);

    /// <summary>A fresh browser context (its own cookies) on the web frontend.</summary>
    /// <param name="userAgent">The browser's User-Agent, to pass for another device; Chromium's own when null.</param>
    public async Task<IBrowserContext> NewBrowserContextAsync(string? userAgent = null) =>
        await Browser.NewContextAsync(new() { BaseURL = WebBaseAddress.ToString(), ViewportSize = new() { Width = 1100, Height = 900 }, UserAgent = userAgent });

    /// <summary>Drops everything in the <c>cache</c> Redis, as an eviction under memory pressure would.</summary>
    public async Task FlushCacheAsync()
    {
        await using var redis = await ConnectAsync("cache");
        foreach (var server in redis.GetServers())
        {
            await server.FlushAllDatabasesAsync();
        }
    }

    /// <summary>An admin connection of the test's own to a Redis resource (<c>sessions</c> or <c>cache</c>), to break it on purpose.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync(string resource)
    {
        var connectionString = await App.GetConnectionStringAsync(resource)
            ?? throw new InvalidOperationException($"The {resource} resource has no connection string.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>
    /// Takes the API service down as a crash would: its process tree is killed (a graceful resource-stop may time
    /// out on a loaded machine) and the orchestrator reports it exited.
    /// </summary>
    public async Task StopApiAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Assert.True(App.ResourceNotifications.TryGetCurrentState("apiservice", out var state), "apiservice has no state");
        var pid = state.Snapshot.Properties.Single(property => property.Name == "executable.pid").Value;
        using (var process = System.Diagnostics.Process.GetProcessById(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)))
        {
            process.Kill(entireProcessTree: true);
        }

        await App.ResourceNotifications.WaitForResourceAsync("apiservice", KnownResourceStates.TerminalStates, timeout.Token);
    }

    /// <summary>Starts the API service again and waits until the web frontend reaches it (its client's circuit closed again).</summary>
    public async Task StartApiAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var start = await App.ResourceCommands.ExecuteCommandAsync("apiservice", "resource-start", timeout.Token);
        Assert.True(start.Success, start.Message);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("apiservice", timeout.Token);

        using var web = new HttpClient { BaseAddress = WebBaseAddress };
        while (!(await web.GetStringAsync("/", timeout.Token)).Contains("data-testid=\"api-status\"", StringComparison.Ordinal))
        {
            await Task.Delay(250, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
