using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>
/// A minimal-API endpoint returns a JSON object (<c>TypedResults.Ok</c>) and the session commit,
/// which runs at the serializer's first flush, fails. Its own Redis per test: one test stops it.
/// </summary>
public sealed class FirstFlushFailureTests : IsolatedRedis
{
    [Fact]
    public async Task A_commit_refused_as_too_large_at_the_first_flush_answers_one_problem_document()
    {
        // Right: exactly one well-formed problem+json (413), none of the endpoint's JSON before it.
        await using var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options =>
        {
            options.SoftValueBytes = options.HardValueBytes = 2000;
            options.SoftSessionBytes = options.HardSessionBytes = 3000;
        });
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/big/x?bytes=1900");

        // No load first, so only the commit script can see the session would pass its limit.
        using var response = await client.PostAsync("/blind-big/y?bytes=1500");

        var problem = await TestHttp.SingleProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Session data too large", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_commit_that_finds_redis_stopped_at_the_first_flush_answers_one_problem_document()
    {
        // Right: exactly one well-formed problem+json (503), none of the endpoint's JSON before it.
        await using var app = await TestApp.StartAsync(Redis.ConnectionString, configure: options => options.OperationBudget = TimeSpan.FromSeconds(1));
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        await Redis.KillAsync();

        using var response = await client.PostAsync("/blind/b?value=2");

        var problem = await TestHttp.SingleProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Session store unavailable", problem.GetProperty("title").GetString());
    }
}
