using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Assertions on answers (problem documents), a log hook and HTTP helpers shared by the test classes.</summary>
internal static class TestHttp
{
    /// <summary>
    /// The whole body must be exactly one problem+json document with <paramref name="status"/>, a type and a
    /// title: a body with two JSON documents (the endpoint's, then the problem) fails here.
    /// </summary>
    public static async Task<JsonElement> SingleProblemAsync(HttpResponseMessage response, params HttpStatusCode[] status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status.Contains(response.StatusCode), $"expected {string.Join(" or ", status.Select(s => (int)s))}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"The body is not one JSON document ({exception.Message}): {body}");
        }

        Assert.Equal((int)response.StatusCode, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("type").GetString()), $"no problem type: {body}");
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), $"no problem title: {body}");
        return root;
    }

    /// <summary>A problem+json answer with <paramref name="status"/> (in the status line and the body) and <paramref name="title"/>.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, body, StringComparison.Ordinal);
        Assert.Contains($"\"status\":{(int)status}", body, StringComparison.Ordinal);
    }

    /// <summary>A configureBuilder hook that turns every log record of the app into text in <paramref name="capture"/>.</summary>
    public static Action<WebApplicationBuilder> CaptureLogs(LogTextCapture capture, LogLevel minimum = LogLevel.Information) => builder =>
    {
        builder.Logging.SetMinimumLevel(minimum);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.AddProcessor(capture);
        });
    };

    /// <summary>Sends with the session cookie and returns as soon as the headers arrive (the body may still be open).</summary>
    public static async Task<HttpResponseMessage> HeadersAsync(HttpClient http, Uri address, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path));
        request.Headers.TryAddWithoutValidation("Cookie", $"{SessionClient.SessionCookieName}={cookie}");
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The parked report as <c>/fetch/report</c> reads it once its Redis answers again (503s waited out, 15 s at most).</summary>
    public static async Task<OffloadView> FetchReportOnceRecoveredAsync(SessionClient client)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/fetch/report");
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                await SessionClient.EnsureSuccessAsync(response);
                return JsonSerializer.Deserialize<OffloadView>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
            }

            await Task.Delay(100);
        }
    }
}
