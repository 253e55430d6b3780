using System.Net;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class ReportsApiTests(AppFixture fixture)
{
    [Fact]
    public async Task Latest_is_404_with_its_own_message_before_any_report_was_made()
    {
        using var user = fixture.NewApiUser();
        using var latest = await user.Http.GetAsync("/api/reports/latest");

        var problem = await latest.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("not created a report", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_of_about_1_MB_is_parked_in_the_cache_and_only_its_key_is_in_the_session()
    {
        using var user = fixture.NewApiUser();

        using var create = await user.Http.PostAsync("/api/reports", null);

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("/api/reports/latest", create.Headers.Location?.OriginalString);
        var summary = await create.ReadJsonAsync();
        var size = summary.GetProperty("sizeBytes").GetInt32();
        Assert.InRange(size, 800_000, 1_500_000);

        using var latest = await user.Http.GetAsync("/api/reports/latest");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        Assert.Equal("application/json", latest.Content.Headers.ContentType?.MediaType);
        var bytes = await latest.Content.ReadAsByteArrayAsync();
        Assert.Equal(size, bytes.Length);
        var report = System.Text.Json.JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(summary.GetProperty("rows").GetInt32(), report.GetProperty("rows").GetArrayLength());

        var session = await user.GetJsonAsync<JsonElement>("/api/session");
        Assert.InRange(session.GetProperty("sizeBytes").GetInt64(), 1, 4_096);
    }

    [Fact]
    public async Task Latest_is_404_saying_the_cache_evicted_it_once_the_cache_lost_the_report()
    {
        using var user = fixture.NewApiUser();
        using (var create = await user.Http.PostAsync("/api/reports", null))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        await fixture.FlushCacheAsync();

        await AssertEvictedThenCreatedAgainAsync(user);
    }

    /// <summary>The latest report reads as evicted (404 saying so), and creating it again brings it back.</summary>
    internal static async Task AssertEvictedThenCreatedAgainAsync(SessionClient user)
    {
        using var latest = await user.Http.GetAsync("/api/reports/latest");
        var problem = await latest.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("The cache has evicted the report; create it again.", problem.GetProperty("detail").GetString());

        using var again = await user.Http.PostAsync("/api/reports", null);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        using var found = await user.Http.GetAsync("/api/reports/latest");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }
}
