using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Regeneration;

/// <summary>
/// The exception handler re-executes the request on the app's error page (ExceptionHandlingPath), through the session
/// middleware again, after the endpoint regenerated the id and threw. The re-execution continues with the id the failed
/// attempt left (the request's cookie is kept per HttpContext): the error page reads the moved session, and the response
/// carries its new cookie once, uncacheable.
/// </summary>
public sealed class ReexecutedErrorPageTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task The_error_page_continues_with_the_id_the_failed_regeneration_left()
    {
        await using var app = await TestApp.StartAsync(
            servers.Sessions.ConnectionString,
            configureBuilder: builder => builder.Services.Configure<ExceptionHandlerOptions>(options => options.ExceptionHandlingPath = "/error-page"),
            configureApp: web => web.Map("/error-page", async (HttpContext context) =>
            {
                var session = context.GetRedisSession();
                await session.LoadAsync();
                return Results.Text($"error page; a={session.GetString("a")}", statusCode: StatusCodes.Status500InternalServerError);
            }));
        await app.WarmUpAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.Address };
        using var written = await http.PostAsync("/write/a?value=1", null);
        await SessionClient.EnsureSuccessAsync(written);
        var issued = SessionCookieOf(written);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/regenerate-then-throw");
        request.Headers.TryAddWithoutValidation("Cookie", issued);
        using var failed = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("error page; a=1", await failed.Content.ReadAsStringAsync());
        var renewed = SessionCookieOf(failed);
        Assert.NotEqual(issued, renewed);
        Assert.True(failed.Headers.CacheControl is { NoStore: true }, $"Cache-Control '{failed.Headers.CacheControl}'");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/read/a");
        read.Headers.TryAddWithoutValidation("Cookie", renewed);
        using var answer = await http.SendAsync(read);
        Assert.Contains("\"value\":\"1\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string SessionCookieOf(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var headers), "the response sets no cookie");
        var header = Assert.Single(headers, h => h.StartsWith(SessionClient.SessionCookieName + "=", StringComparison.Ordinal));
        return header.Split(';')[0];
    }
}
