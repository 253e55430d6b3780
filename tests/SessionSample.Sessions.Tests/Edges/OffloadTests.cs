using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Edges;

/// <summary>Suspected: <c>SessionOffload.ParkAsync</c> replacing parked data in a request whose commit never happens.</summary>
public sealed class OffloadTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, servers.Cache.ConnectionString);
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Re_parking_in_a_request_that_fails_before_its_commit_keeps_the_old_parked_data_reachable()
    {
        // Right: the old cache entry is deleted only once the new reference is committed; until then the session's reference still resolves.
        using var client = _app.NewClient();
        using (var parked = await client.PostAsync("/park/report?bytes=1000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, parked.StatusCode);
        }

        using (var failed = await client.PostAsync("/edges/park-then-fail/report?bytes=2000"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        Assert.Equal(new OffloadView("Found", 1000, true), await client.GetJsonAsync<OffloadView>("/fetch/report"));

        // A re-park that does commit replaces the data.
        using (var replaced = await client.PostAsync("/park/report?bytes=3000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        }

        Assert.Equal(new OffloadView("Found", 3000, true), await client.GetJsonAsync<OffloadView>("/fetch/report"));
    }
}
