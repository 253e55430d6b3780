using System.Net;
using System.Security.Cryptography;
using System.Text;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.Throttling;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Review.Issue11b;

/// <summary>
/// Review of issue 11 item 9 (names are "never stored raw"): a throttle key holds the plain SHA-256 of
/// "address:" + the address (and of "name:" + the upper-cased name), with no secret. Addresses and user names
/// are a small space, so whoever reads Redis (a dump, the AOF, MONITOR) reverses the hash by trying them:
/// here the whole 10.x.y.z candidate range of one /16 in a few milliseconds. A keyed hash (a secret the
/// apps share, e.g. from the key ring) is what keeps the key from naming the client.
/// </summary>
public sealed class ThrottleKeyPrivacyTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task A_throttle_key_cannot_be_turned_back_into_the_client_address_by_trying_addresses()
    {
        var keyPrefix = $"priv{Guid.NewGuid():N}:session:";
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: keyPrefix);
        using var client = app.NewClient();
        var address = $"10.99.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/throttled-sign-in?user=user{Guid.NewGuid():N}&password=wrong"))
        {
            request.Headers.Add(ThrottlingEndpoints.AddressHeader, address);
            using var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Sessions.ConnectionString);
        var addressKey = redis.GetServers()[0].Keys(pattern: keyPrefix + "throttle:address:*").Select(key => (string)key!).Single();

        // What someone holding only a copy of Redis does: hash every candidate and compare.
        var recovered = Enumerable.Range(0, 256 * 256)
            .Select(i => $"10.99.{i / 256}.{i % 256}")
            .FirstOrDefault(candidate => addressKey.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("address:" + candidate))), StringComparison.Ordinal));
        Assert.Null(recovered);
    }
}
