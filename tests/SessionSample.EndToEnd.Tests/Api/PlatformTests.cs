using System.Net;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class PlatformTests(AppFixture fixture)
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint()
    {
        using var user = fixture.NewApiUser();
        var document = await user.GetJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToHashSet();

        string[] expected =
        [
            "/api/status", "/api/session", "/api/session/values/{key}", "/api/session/counters/{key}/increment",
            "/api/session/flash", "/api/auth/login", "/api/auth/logout", "/api/auth/me",
            "/api/cart", "/api/cart/items", "/api/cart/items/{sku}", "/api/reports", "/api/reports/latest",
            "/api/sessions", "/api/sessions/{handle}", "/api/sessions/sign-out-others", "/api/sessions/sign-out-everywhere",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));

        // The sessions routes say they answer 401 (never a redirect), and the revoke its 404.
        var sessions = document.GetProperty("paths").GetProperty("/api/sessions").GetProperty("get").GetProperty("responses");
        Assert.True(sessions.TryGetProperty("401", out _));
        var revoke = document.GetProperty("paths").GetProperty("/api/sessions/{handle}").GetProperty("delete").GetProperty("responses");
        Assert.True(revoke.TryGetProperty("404", out _));
        Assert.True(revoke.TryGetProperty("204", out _));
    }

    [Fact]
    public async Task Status_answers()
    {
        using var user = fixture.NewApiUser();
        var status = await user.GetJsonAsync<JsonElement>("/api/status");
        Assert.Equal("apiservice", status.GetProperty("service").GetString());
    }

    [Fact]
    public async Task An_unknown_route_is_404_problem_json()
    {
        using var user = fixture.NewApiUser();
        using var response = await user.Http.GetAsync("/api/nothing-here");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
