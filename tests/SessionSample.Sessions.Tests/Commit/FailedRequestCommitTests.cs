using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Commit;

/// <summary>A request that fails (500) commits nothing of what it changed.</summary>
public sealed class FailedRequestCommitTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_failed_request_writes_nothing()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        using var failed = await client.PostAsync("/throws/b");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }
}
