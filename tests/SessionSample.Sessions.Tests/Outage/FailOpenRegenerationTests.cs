using System.Net;
using SessionSample.Sessions;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Outage;

/// <summary>
/// Under FailOpen a failed load gives an empty stand-in session; regeneration and invalidation on
/// it must still fail closed. Its own Redis per test: each test kills it.
/// </summary>
public sealed class FailOpenRegenerationTests : IsolatedRedis
{
    [Fact]
    public async Task Under_fail_open_a_regeneration_after_a_failed_load_answers_503_instead_of_keeping_the_id()
    {
        // Right: regeneration always fails closed (503); silently keeping the id would keep a planted one (fixation).
        await using var app = await StartFailOpenAsync();
        using var client = await SessionAfterOutageAsync(app);

        using var response = await client.PostAsync("/regenerate?loadFirst=true");

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Null(SessionClient.SetCookieValue(response));
    }

    [Fact]
    public async Task Under_fail_open_an_invalidation_after_a_failed_load_answers_503()
    {
        // Right: invalidation always fails closed (503); a sign-out that silently keeps the session is worse.
        await using var app = await StartFailOpenAsync();
        using var client = await SessionAfterOutageAsync(app);

        using var response = await client.PostAsync("/load-then-invalidate");

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    private async Task<TestApp> StartFailOpenAsync()
    {
        var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options =>
        {
            options.OutagePolicy = SessionOutagePolicy.FailOpen;
            options.OperationBudget = TimeSpan.FromSeconds(1);
            options.CircuitBreakDuration = TimeSpan.FromSeconds(1);
        });
        await app.WarmUpAsync();
        return app;
    }

    /// <summary>A client holding a stored session, after Redis went away.</summary>
    private async Task<SessionClient> SessionAfterOutageAsync(TestApp app)
    {
        var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        await Redis.KillAsync();
        return client;
    }
}
