using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Offload;

/// <summary>Suspected: <c>SessionOffload.ParkAsync</c> replacing parked data in a request whose commit never happens.</summary>
public sealed class OffloadReferenceTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, servers.Cache.ConnectionString);
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_park_that_returned_has_stored_its_reference_so_a_later_failure_keeps_the_new_data_reachable()
    {
        // Right: ParkAsync writes the new reference through before it deletes the old copy, so whatever fails later, the reference resolves.
        using var client = _app.NewClient();
        using (var parked = await client.PostAsync("/park/report?bytes=1000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, parked.StatusCode);
        }

        using (var failed = await client.PostAsync("/park-then-fail/report?bytes=2000"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        Assert.Equal(new OffloadView("Found", 2000, true), await client.GetJsonAsync<OffloadView>("/fetch/report"));
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_park_whose_reference_write_fails_leaves_a_reference_that_resolves()
    {
        // Right: the old cache entry is deleted only once the new reference is stored; when that write fails, nothing dangles.
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, servers.Cache.ConnectionString, configure: options =>
            options.OperationBudget = TimeSpan.FromMilliseconds(500));
        await app.WarmUpAsync();
        using var client = app.NewClient();
        using (var parked = await client.PostAsync("/park/report?bytes=1000"))
        {
            Assert.Equal(HttpStatusCode.NoContent, parked.StatusCode);
        }

        // The sessions Redis stalls while the cache answers: the new data is parked, its reference write times out.
        servers.Sessions.Pause();
        try
        {
            using var failed = await client.PostAsync("/park/report?bytes=2000");
            await TestHttp.SingleProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            servers.Sessions.Resume();
        }

        // The reference write may still land once Redis resumes (it was sent); either way it points at data that exists.
        var fetched = await TestHttp.FetchReportOnceRecoveredAsync(client);
        Assert.Equal("Found", fetched.Status);
        Assert.True(fetched.Intact);
        Assert.Contains(fetched.Length, new[] { 1000, 2000 });
    }
}
