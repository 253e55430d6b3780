using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>
/// Every way a response can start passes the session's commit first (the response gate): a new session's
/// change made before the start is saved and its cookie rides on the headers, whichever way the app starts the
/// response. A started response is observed by the session itself: setting a value on a session that is new
/// and empty at the start throws at the call.
/// </summary>
public sealed class ResponseGateTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureApp: MapGateEndpoints);
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("start")]
    [InlineData("send-file")]
    [InlineData("writer-span")]
    [InlineData("sync-write")]
    [InlineData("on-starting")]
    public async Task A_change_before_the_start_is_saved_and_its_cookie_rides_on_the_headers(string how)
    {
        using var client = _app.NewClient();

        using var response = await client.PostAsync($"/gate/{how}?value={how}-v");

        await SessionClient.EnsureSuccessAsync(response);
        Assert.Equal($"body:{how}", await response.Content.ReadAsStringAsync());
        Assert.NotNull(SessionClient.SetCookieValue(response));
        Assert.Equal($"{how}-v", (await client.GetJsonAsync<ValueView>("/read/k")).Value);
    }

    [Theory]
    [InlineData("writer-flush")]
    [InlineData("start")]
    public async Task A_start_without_a_body_starts_the_response(string how)
    {
        // Right: the response started (headers sent), so a value on the still empty new session cannot get its cookie any more.
        using var client = _app.NewClient();

        using var response = await client.PostAsync($"/gate/empty/{how}");

        await SessionClient.EnsureSuccessAsync(response);
        Assert.StartsWith(nameof(InvalidOperationException), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(SessionClient.SetCookieValue(response));
    }

    [Fact]
    public async Task A_commit_refused_after_a_body_was_written_to_the_pipe_answers_only_the_problem()
    {
        // Right: the bytes written to Response.BodyWriter before the failed commit never reach the client.
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options =>
        {
            options.SoftValueBytes = options.HardValueBytes = 2000;
            options.SoftSessionBytes = options.HardSessionBytes = 3000;
        }, configureApp: MapGateEndpoints);
        await app.WarmUpAsync();
        using var client = app.NewClient();

        using var response = await client.PostAsync("/gate/writer-too-large");

        var problem = await TestHttp.SingleProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Session data too large", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_change_before_an_HTTP2_extended_CONNECT_is_saved_and_its_cookie_rides_on_the_200()
    {
        // Right: accepting the CONNECT (WebSockets over HTTP/2) starts the response like an HTTP/1.1 upgrade's 101 does.
        await using var app = await TestApp.StartAsync(
            servers.Sessions.ConnectionString,
            configureBuilder: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2)),
            configureApp: MapGateEndpoints);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Connect, new Uri(app.Address, "/gate/connect"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Protocol = "websocket";

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = SessionClient.SetCookieValue(response);
        Assert.NotNull(cookie);
        Assert.Equal("1", await servers.Sessions.CommandAsync("HGET", app.SessionKey(cookie), "connected"));
    }

    private static void MapGateEndpoints(WebApplication app)
    {
        app.MapMethods("/gate/connect", [HttpMethods.Connect], async (HttpContext context) =>
        {
            context.Session.SetString("connected", "1");
            await using var stream = await context.Features.GetRequiredFeature<IHttpExtendedConnectFeature>().AcceptAsync();
        });

        // Sets k on the (new) session, then starts the response the way named by `how`.
        app.MapPost("/gate/{how}", async (HttpContext context, string how, string value) =>
        {
            context.Response.ContentType = "text/plain";
            var body = Encoding.UTF8.GetBytes($"body:{how}");
            if (how == "on-starting")
            {
                context.Response.OnStarting(() =>
                {
                    context.Session.SetString("k", value);
                    return Task.CompletedTask;
                });
            }
            else
            {
                context.Session.SetString("k", value);
            }

            switch (how)
            {
                case "start":
                    await context.Response.StartAsync();
                    await context.Response.Body.WriteAsync(body);
                    break;
                case "send-file":
                    var file = Path.GetTempFileName();
                    await File.WriteAllBytesAsync(file, body);
                    await context.Response.SendFileAsync(file);
                    File.Delete(file);
                    break;
                case "writer-span":
                    body.CopyTo(context.Response.BodyWriter.GetSpan(body.Length));
                    context.Response.BodyWriter.Advance(body.Length);
                    await context.Response.BodyWriter.FlushAsync();
                    break;
                case "sync-write":
                    context.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
                    context.Response.Body.Write(body);
                    break;
                default:
                    await context.Response.Body.WriteAsync(body);
                    break;
            }
        });

        // Starts the response without writing a byte, then says what setting a value on the still empty new session did.
        app.MapPost("/gate/empty/{how}", async (HttpContext context, string how) =>
        {
            context.Response.ContentType = "text/plain";
            await (how == "start" ? context.Response.StartAsync() : context.Response.BodyWriter.FlushAsync().AsTask());
            string outcome;
            try
            {
                context.Session.SetString("late", "1");
                outcome = "set";
            }
            catch (InvalidOperationException exception)
            {
                outcome = $"{nameof(InvalidOperationException)}: {exception.Message}";
            }

            await context.Response.WriteAsync(outcome);
        });

        // Writes part of the body to the pipe (not flushed), then a value over the size limit; the flush commits.
        app.MapPost("/gate/writer-too-large", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.BodyWriter.Write("partial body"u8);
            context.Session.Set("big", new byte[2500]);
            await context.Response.BodyWriter.FlushAsync();
        });
    }
}
