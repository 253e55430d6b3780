using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Outage;

/// <summary>
/// Under FailOpen a synchronous read during an outage degrades the session for the rest of the request. The
/// asynchronous calls that follow must still fail closed, as the lifecycle doc says of LoadAsync and an
/// explicit CommitAsync. Its own Redis per test: each test kills it.
/// </summary>
public sealed class FailOpenDegradedTests : IsolatedRedis
{
    [Theory]
    [InlineData("load")]
    [InlineData("commit")]
    public async Task Under_fail_open_an_async_call_after_a_degraded_synchronous_read_answers_503(string then)
    {
        // Right: LoadAsync and an explicit CommitAsync fail closed (503) even after a sync read degraded the session; never a success for a load or a write that did not happen.
        await using var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options =>
        {
            options.OutagePolicy = SessionOutagePolicy.FailOpen;
            options.OperationBudget = TimeSpan.FromSeconds(1);
        });
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        await Redis.KillAsync();

        using var response = await client.PostAsync($"/read-sync-then/{then}");

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }
}
