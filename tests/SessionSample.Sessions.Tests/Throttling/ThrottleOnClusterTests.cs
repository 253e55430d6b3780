using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Throttling;

/// <summary>
/// On a 6-node Redis Cluster: the throttle's counters (one slot each) and encrypted values (an encrypted
/// counter's swap included) work as on one server.
/// </summary>
public sealed class ThrottleOnClusterTests : IsolatedCluster
{
    [SkippableFact(typeof(MissingToolException))]
    public async Task The_throttle_and_encrypted_values_work_on_a_cluster()
    {
        await using var app = await TestApp.StartAsync(Cluster.ConnectionString, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        await app.WarmUpAsync();
        using var client = app.NewClient();
        var user = $"user{Guid.NewGuid():N}"[..16];
        for (var i = 0; i < new SignInThrottleOptions().MaxFailures; i++)
        {
            using var failed = await client.PostAsync($"/throttled-sign-in?user={user}&password=wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using (var refused = await client.PostAsync($"/throttled-sign-in?user={user}&password={ThrottlingEndpoints.RightPassword}"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        }

        await client.PostJsonAsync<ValueView>("/write/card?value=secret");
        var counters = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.Copy().PostJsonAsync<CounterView>("/incr/n")));
        Assert.Equal([1L, 2, 3, 4, 5], counters.Select(c => c.Value).Order());
        var view = await client.GetJsonAsync<SessionView>("/read");
        Assert.Equal("secret", view.Values["card"]);
        Assert.Equal("5", view.Values["n"]);
    }
}
