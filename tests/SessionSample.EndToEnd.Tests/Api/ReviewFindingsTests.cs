using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// Review of the issue 21/17 change: bad input the bad-input suite does not send, answered 500 by the API.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ReviewFindingsTests(AppFixture fixture)
{
    /// <summary>
    /// RFC 9110 §8.3.2 lets a parameter value be a quoted-string, and "utf8" is a common alias. Utf8Bodies lets both
    /// through as UTF-8, but the framework's JSON reader looks the raw value up with Encoding.GetEncoding, which
    /// knows neither '"utf-8"' nor 'utf8': an InvalidOperationException, a 500.
    /// </summary>
    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json; charset=utf8")]
    [InlineData("application/json; charset=\"utf8\"")]
    public async Task A_JSON_body_whose_charset_names_UTF_8_quoted_or_as_utf8_is_read_not_a_500(string contentType)
    {
        using var user = fixture.NewApiUser();
        var content = new StringContent("""{"message":"quoted charset"}""", Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await user.SendAsync(HttpMethod.Post, "/api/session/flash", content);

        Assert.True(response.StatusCode == HttpStatusCode.NoContent,
            $"the API answered {(int)response.StatusCode} to a flash with Content-Type '{contentType}': {await response.Content.ReadAsStringAsync()}");
        var flashes = await user.GetJsonAsync<System.Text.Json.JsonElement>("/api/session/flash");
        Assert.Equal("quoted charset", flashes.GetProperty("messages")[0].GetString());
    }

    /// <summary>
    /// The store's exception handler leaves a request that prefers text/html to the app's error page, but the API has
    /// none: a browser (a form posting to the API, a navigation to it) that hits a store failure — 413 here, equally
    /// 503, 429, 409 and 423 — gets a bare 500 instead of the failure's own status.
    /// </summary>
    [Fact]
    public async Task A_store_failure_on_an_API_request_that_accepts_HTML_keeps_its_status_not_a_500()
    {
        using var user = fixture.NewApiUser();
        var value = "\"" + new string('x', 200 * 1024) + "\"";
        HttpResponseMessage? last = null;
        for (var i = 0; i < 8; i++)
        {
            last?.Dispose();
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/session/values/fill{i}")
            {
                Content = new StringContent(value, Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            last = await user.Http.SendAsync(request);
            if (last.StatusCode != HttpStatusCode.NoContent)
            {
                break;
            }
        }

        using (last)
        {
            Assert.True(last!.StatusCode == HttpStatusCode.RequestEntityTooLarge,
                $"a write past the session's hard limit, sent with Accept: text/html, answered {(int)last.StatusCode}");
        }
    }
}
