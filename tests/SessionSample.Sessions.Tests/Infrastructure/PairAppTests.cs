namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A test class with one app of default options over the class's sessions and cache Redis: started and warmed before
/// its tests, stopped after them. The one place that lifecycle is written.
/// </summary>
public abstract class PairAppTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    protected RedisPairFixture Servers { get; } = servers;

    protected TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await TestApp.StartAsync(Servers.Sessions.ConnectionString);
        await App.WarmUpAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
