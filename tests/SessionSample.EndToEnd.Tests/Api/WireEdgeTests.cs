using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// Bad input at the edges of HTTP that the bad-input suite does not send (charset spellings, an Accept that prefers
/// HTML on an API, trailers of a chunked body): each once answered 500.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WireEdgeTests(AppFixture fixture)
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
    /// <summary>
    /// A chunked body may end with trailer fields. Kestrel reads a trailer whose value is not UTF-8 with the header
    /// decoder, which signals the bad bytes with an InvalidOperationException (not the BadHttpRequestException a bad
    /// request header gets: dotnet/aspnetcore#4736): whoever reads the body (JSON binding, PutValueAsync, the web's
    /// form reader) throws it, and the request answered 500 — on every route that takes a body, in both apps. Both
    /// apps now read such bytes as U+FFFD (ServiceDefaults sets the header encoding): the body is answered as usual.
    /// </summary>
    [Theory]
    [InlineData("api", "POST", "/api/session/flash", "application/json", """{"message":"trailer"}""")]
    [InlineData("api", "POST", "/api/auth/login", "application/json", """{"userName":"alice","password":"x"}""")]
    [InlineData("api", "PUT", "/api/session/values/trailer", "application/json", "1")]
    [InlineData("web", "POST", "/Cart?handler=Add", "application/x-www-form-urlencoded", "Input.Sku=A&Input.Quantity=1")]
    public async Task A_chunked_body_with_a_trailer_that_is_not_UTF_8_is_answered_as_its_body_deserves_not_a_500(string app, string method, string path, string contentType, string body)
    {
        var address = app == "api" ? fixture.ApiBaseAddress : fixture.WebBaseAddress;
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        using var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes(
            $"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\nContent-Type: {contentType}\r\n" +
            $"Transfer-Encoding: chunked\r\n\r\n{bodyBytes.Length:x}\r\n"));
        request.Write(bodyBytes);
        request.Write("\r\n0\r\nX-Trailer: "u8);
        request.Write([0xFF, 0xFE]);
        request.Write("\r\n\r\n"u8);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(statusLine);
        var status = int.Parse(statusLine!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(status < 500, $"{app} {method} {path} with a non-UTF-8 trailer answered '{statusLine}'");
    }
}
