using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>A response body written straight to the stream still carries the session cookie, and the write is saved.</summary>
public sealed class StreamedBodyTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(servers.Sessions.ConnectionString);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_body_written_to_the_stream_still_carries_the_cookie_and_the_write()
    {
        using var client = _app.NewClient();

        using var response = await client.GetAsync("/stream-write/k?value=streamed");

        Assert.Equal("streamed", await response.Content.ReadAsStringAsync());
        Assert.NotNull(client.Cookie);
        Assert.Equal("streamed", (await client.GetJsonAsync<ValueView>("/read/k")).Value);
    }
}
