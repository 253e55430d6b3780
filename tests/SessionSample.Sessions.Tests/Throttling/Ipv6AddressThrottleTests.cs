using System.Globalization;
using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.Throttling;

namespace SessionSample.Sessions.Tests.Throttling;

/// <summary>
/// The per-address limit of sign-in throttling. One IPv6 subscriber is handed a whole /64 (2^64
/// addresses): counted per full address, a guesser who takes the next address for each guess is never
/// limited. The address limit has to count an IPv6 client by its /64 (as rate limiters commonly do).
/// </summary>
public sealed class Ipv6AddressThrottleTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    private const int MaxFailuresPerAddress = 4;

    [Fact]
    public async Task Guesses_from_one_IPv6_64_prefix_count_as_one_address()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: $"v6{Guid.NewGuid():N}:session:", configureBuilder: builder =>
        {
            builder.Configuration["Sessions:SignInThrottle:MaxFailures"] = "100";
            builder.Configuration["Sessions:SignInThrottle:MaxFailuresPerAddress"] = MaxFailuresPerAddress.ToString(CultureInfo.InvariantCulture);
            builder.Configuration["Sessions:SignInThrottle:Window"] = "00:01:00";
        });
        using var client = app.NewClient();
        var prefix = $"2001:db8:{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}";

        for (var i = 0; i < MaxFailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, $"{prefix}::{i + 1:x}"));
        }

        // Same subscriber, same /64, one more address of the 2^64 it holds.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, $"{prefix}::ffff"));
    }

    private static async Task<HttpStatusCode> SignInAsync(SessionClient client, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/throttled-sign-in?user=user{Guid.NewGuid():N}&password=wrong");
        request.Headers.Add(ThrottlingEndpoints.AddressHeader, address);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }
}
