using System.Net;
using SessionSample.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Lock;

/// <summary>Suspected: the session lock under FailOpen, and across a regeneration. Its own Redis per test (one test kills it).</summary>
public sealed class LockOutageAndRegenerationTests : IsolatedRedis
{
    [Fact]
    public async Task Under_fail_open_a_lock_that_cannot_be_taken_answers_503_instead_of_running_the_endpoint_unlocked()
    {
        // Right: the lock fails closed (503) whatever the outage policy: the endpoint asked to run serialised.
        await using var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options =>
        {
            options.OutagePolicy = SessionOutagePolicy.FailOpen;
            options.OperationBudget = TimeSpan.FromSeconds(1);
        });
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        await Redis.KillAsync();

        using var response = await client.PostAsync("/locked-patient/k");

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task The_lock_follows_a_regeneration_so_a_request_on_the_new_cookie_still_waits()
    {
        // Right: the lock moves with the session: a request on the new cookie waits (here: 423) while the holder works.
        await using var app = await TestApp.StartAsync(Redis.ConnectionString);
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var release = TestSignals.NewName();

        // The holder regenerates and sends its headers (with the new cookie), then keeps the lock until released.
        using var holding = await TestHttp.HeadersAsync(http, app.Address, $"/locked-regenerate?release={release}", client.Cookie!);
        var newCookie = SessionClient.SetCookieValue(holding);
        Assert.False(string.IsNullOrEmpty(newCookie), $"{(int)holding.StatusCode}: the holder sent no new cookie");
        using var second = new SessionClient(app.Address) { Cookie = newCookie };
        HttpStatusCode during;
        using (var response = await second.PostAsync("/locked/k"))
        {
            during = response.StatusCode;
        }

        TestSignals.Set(release);
        await holding.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Locked, during);

        // Released on the new id too: the next request gets the lock at once.
        using var after = await second.PostAsync("/locked/k");
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
    }
}
