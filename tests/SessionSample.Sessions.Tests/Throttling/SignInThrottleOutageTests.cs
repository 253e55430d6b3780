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
}
