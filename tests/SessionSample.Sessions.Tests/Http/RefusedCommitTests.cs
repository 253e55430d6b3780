using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>
/// A commit refused at the response's start (the session over its hard limit) answers one 413 problem document
/// whichever way the app started the response, and nothing the app wrote before reaches the client; a request
/// that never touches its session is not held back: a slowly streamed body arrives as it is written.
/// </summary>
public sealed class RefusedCommitTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private const string Secret = "body-the-client-must-not-see";

    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options =>
        {
            options.SoftValueBytes = options.HardValueBytes = 2000;
            options.SoftSessionBytes = options.HardSessionBytes = 3000;
        }, configureApp: Map);
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("stream")]
    [InlineData("stream-flush")]
    [InlineData("start")]
    [InlineData("send-file")]
    [InlineData("writer-span")]
    [InlineData("writer-write")]
    [InlineData("sync-write")]
    [InlineData("complete")]
    public async Task A_refused_commit_answers_one_413_problem_and_leaks_nothing_whichever_way_the_response_started(string how)
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        using var response = await client.PostAsync($"/refused/{how}");

        var problem = await TestHttp.SingleProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Session data too large", problem.GetProperty("title").GetString());
        Assert.DoesNotContain(Secret, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("1", (await client.GetJsonAsync<ValueView>("/read/a")).Value);
    }

    [Fact]
    public async Task A_refused_commit_at_a_websocket_upgrade_answers_413_instead_of_the_101()
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
        socket.Options.SetRequestHeader("Cookie", $"{SessionClient.SessionCookieName}={client.Cookie}");

        var uri = new UriBuilder(new Uri(_app.Address, "/refused-upgrade")) { Scheme = "ws" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, socket.HttpStatusCode);
        Assert.Equal("1", (await client.GetJsonAsync<ValueView>("/read/a")).Value);
    }

    [Theory]
    [InlineData("untouched")]
    [InlineData("read")]
    public async Task A_slowly_streamed_body_reaches_the_client_as_it_is_written(string session)
    {
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_app.Address, $"/slow/{session}"));
        request.Headers.Add("Cookie", $"{SessionClient.SessionCookieName}={client.Cookie}");
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[5];
        await body.ReadExactlyAsync(first);
        var firstByteAfter = clock.Elapsed;
        var rest = await new StreamReader(body).ReadToEndAsync();

        Assert.Equal("first", Encoding.UTF8.GetString(first));
        Assert.Equal("second", rest);
        Assert.True(firstByteAfter < TimeSpan.FromSeconds(1.5), $"the first chunk arrived after {firstByteAfter.TotalMilliseconds:0} ms");
        // The gap between the chunks, not the total: a timer may end its 2 s a millisecond early by the client's clock.
        var gap = clock.Elapsed - firstByteAfter;
        Assert.True(gap >= TimeSpan.FromSeconds(1), $"the rest arrived {gap.TotalMilliseconds:0} ms after the first chunk: it was held back, not streamed");
    }

    private static void Map(WebApplication app)
    {
        app.UseWebSockets();

        // Puts the session over its hard limit, then writes the body the way named by `how`.
        app.MapPost("/refused/{how}", async (HttpContext context, string how) =>
        {
            context.Response.ContentType = "text/plain";
            var body = Encoding.UTF8.GetBytes(Secret);
            context.Session.Set("big", new byte[2500]);
            var response = context.Response;
            switch (how)
            {
                case "stream":
                    await response.Body.WriteAsync(body);
                    break;
                case "stream-flush":
                    await response.Body.FlushAsync();
                    await response.Body.WriteAsync(body);
                    break;
                case "start":
                    await response.StartAsync();
                    await response.Body.WriteAsync(body);
                    break;
                case "send-file":
                    var file = Path.GetTempFileName();
                    await File.WriteAllBytesAsync(file, body);
                    try
                    {
                        await response.SendFileAsync(file);
                    }
                    finally
                    {
                        File.Delete(file);
                    }

                    break;
                case "writer-span":
                    body.CopyTo(response.BodyWriter.GetSpan(body.Length));
                    response.BodyWriter.Advance(body.Length);
                    await response.BodyWriter.FlushAsync();
                    break;
                case "writer-write":
                    await response.BodyWriter.WriteAsync(body);
                    break;
                case "sync-write":
                    context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
                    response.Body.Write(body);
                    break;
                case "complete":
                    response.BodyWriter.Write(body);
                    await response.CompleteAsync();
                    break;
            }
        });

        app.MapGet("/refused-upgrade", async (HttpContext context) =>
        {
            context.Session.Set("big", new byte[2500]);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, Secret, CancellationToken.None);
        });

        // Writes and flushes a first chunk, waits 2 s, writes the rest; the session is left alone or only read.
        app.MapGet("/slow/{session}", async (HttpContext context, string session) =>
        {
            if (session == "read")
            {
                await context.Session.LoadAsync();
                _ = context.Session.GetString("a");
            }

            context.Response.ContentType = "text/plain";
            await context.Response.Body.WriteAsync("first"u8.ToArray());
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await context.Response.Body.WriteAsync("second"u8.ToArray());
        });
    }
}
