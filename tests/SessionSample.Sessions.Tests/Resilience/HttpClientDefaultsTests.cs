using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SessionSample.Sessions.Tests.Resilience;

/// <summary>The HTTP client defaults of ServiceDefaults, against a real Kestrel that always fails.</summary>
public sealed class HttpClientDefaultsTests
{
    [Fact]
    public async Task Failed_gets_are_retried_but_posts_are_sent_once()
    {
        var attempts = new Dictionary<string, int>();
        var server = WebApplication.CreateSlimBuilder();
        server.WebHost.UseUrls("http://127.0.0.1:0");
        await using var failing = server.Build();
        failing.Run(context =>
        {
            lock (attempts)
            {
                attempts[context.Request.Method] = attempts.GetValueOrDefault(context.Request.Method) + 1;
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await failing.StartAsync();

        var client = HostApplicationBuilderWithDefaults().Build().Services
            .GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri(failing.Urls.Single());

        using var get = await client.GetAsync("/");
        using var post = await client.PostAsync("/", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Equal(1, attempts["POST"]);
        Assert.True(attempts["GET"] > 1, $"GET was sent {attempts["GET"]} time(s)");
    }

    private static HostApplicationBuilder HostApplicationBuilderWithDefaults()
    {
        var builder = Host.CreateApplicationBuilder();
        // Never connected in this test: the Redis clients are only registered.
        builder.Configuration["ConnectionStrings:sessions"] = "127.0.0.1:1";
        builder.Configuration["ConnectionStrings:cache"] = "127.0.0.1:1";
        builder.AddServiceDefaults();
        return builder;
    }
}
