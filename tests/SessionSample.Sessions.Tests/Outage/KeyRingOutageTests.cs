using System.Net;
using System.Text.Json;
using SessionSample.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Outage;

/// <summary>
/// The Data Protection key ring lives in the sessions Redis (ServiceDefaults/SharedDataProtection.cs,
/// RedisXmlRepository). A process that has not cached it yet needs Redis to read any cookie. Its own Redis
/// per test: each test kills it.
/// </summary>
public sealed class KeyRingOutageTests : IsolatedRedis
{
    [Theory]
    [InlineData(SessionOutagePolicy.FailClosed)]
    [InlineData(SessionOutagePolicy.FailOpen)]
    public async Task A_valid_cookie_read_while_the_key_ring_is_unreachable_gets_the_outage_policy_not_a_new_session(SessionOutagePolicy policy)
    {
        // Right: the outage policy applies (503, or an unavailable stand-in keeping the cookie), never a new empty session as for a forged cookie.
        var keyPrefix = $"keyring{Guid.NewGuid():N}:session:";
        string cookie;
        await using (var issuer = await TestApp.StartAsync(Redis.ConnectionString, keyPrefix: keyPrefix))
        {
            await issuer.WarmUpAsync();
            using var owner = issuer.NewClient();
            await owner.PostJsonAsync<ValueView>("/write/a?value=1");
            cookie = owner.Cookie!;
        }

        await Redis.KillAsync();

        // A fresh process (a new replica, a restart) has no key ring cached: reading the cookie needs Redis.
        await using var fresh = await TestApp.StartAsync(Redis.ConnectionString, keyPrefix: keyPrefix, configure: options =>
        {
            options.OutagePolicy = policy;
            options.OperationBudget = TimeSpan.FromSeconds(1);
        });
        using var client = new SessionClient(fresh.Address) { Cookie = cookie };

        // LoadAsync fails closed under either policy; fail-open degrades only the synchronous accessors.
        using (var loading = await client.GetAsync("/read"))
        {
            await TestHttp.SingleProblemAsync(loading, HttpStatusCode.ServiceUnavailable);
        }

        if (policy == SessionOutagePolicy.FailClosed)
        {
            return;
        }

        using var response = await client.GetAsync("/peek");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var view = JsonSerializer.Deserialize<SessionView>(body, JsonSerializerOptions.Web)!;
        Assert.False(view.Available, "a valid cookie was served a new, empty session as if it were forged");
        Assert.Null(SessionClient.SetCookieValue(response));
    }
}
