using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Throttling;

/// <summary>
/// When the sessions Redis cannot count, a sign-in fails closed (503, the store's convention): letting it
/// through uncounted would turn every outage into unlimited guessing. Its own Redis: the test kills it.
/// </summary>
public sealed class SignInThrottleOutageTests : IsolatedRedis
{
    [Fact]
    public async Task A_sign_in_while_Redis_is_down_is_503_even_with_the_right_password()
    {
        await using var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options => options.OperationBudget = TimeSpan.FromSeconds(1));
        using var client = app.NewClient();
        using (var before = await client.PostAsync($"/throttled-sign-in?user=alice&password={ThrottlingEndpoints.RightPassword}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        }

        await Redis.KillAsync();

        using var response = await client.PostAsync($"/throttled-sign-in?user=alice&password={ThrottlingEndpoints.RightPassword}");
        await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_sign_in_while_Redis_is_stalled_is_503_within_the_budget_and_a_sign_in_after_it_resumes_gets_in()
    {
        await using var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options => options.OperationBudget = TimeSpan.FromSeconds(1));
        using var client = app.NewClient();
        const string SignIn = $"/throttled-sign-in?user=bob&password={ThrottlingEndpoints.RightPassword}";
        using (var before = await client.PostAsync(SignIn))
        {
            Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        }

        Redis.Pause();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var response = await client.PostAsync(SignIn);
            await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
        }
        finally
        {
            Redis.Resume();
        }

        // As after a restart without persistence: the throttle's script is gone too, and is loaded again.
        Assert.Equal("+OK", await Redis.CommandAsync("SCRIPT", "FLUSH"));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using var after = await client.PostAsync(SignIn);
            status = after.StatusCode;
        }
        while (status == HttpStatusCode.ServiceUnavailable && waited.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.NoContent, status);
    }
}
