using System.Net;

namespace SessionSample.EndToEnd.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class OutageTests(AppFixture fixture)
{
    [Fact]
    public async Task With_the_sessions_redis_stopped_the_api_answers_503_problem_json_and_recovers_with_the_data()
    {
        using var user = fixture.NewApiUser();
        using (var put = await user.PutRawAsync("/api/session/values/survivor", "\"still here\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        await fixture.App.ResourceCommands.ExecuteCommandAsync("sessions", "resource-stop");
        try
        {
            var problem = await EventuallyAsync(async () =>
            {
                using var response = await user.Http.GetAsync("/api/session");
                return response.StatusCode == HttpStatusCode.ServiceUnavailable
                    ? await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable)
                    : (System.Text.Json.JsonElement?)null;
            });
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        }
        finally
        {
            await fixture.App.ResourceCommands.ExecuteCommandAsync("sessions", "resource-start");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("sessions", timeout.Token);
        }

        // The sessions Redis keeps its data across restarts, and the apps reconnect by themselves.
        var values = await EventuallyAsync(async () =>
        {
            using var response = await user.Http.GetAsync("/api/session");
            return response.StatusCode == HttpStatusCode.OK
                ? (await response.ReadJsonAsync()).GetProperty("values")
                : (System.Text.Json.JsonElement?)null;
        });
        Assert.Equal("still here", values.GetProperty("survivor").GetString());
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt) where T : struct
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (await attempt() is { } result)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, "The expected answer did not come within 30 seconds.");
            await Task.Delay(250);
        }
    }
}
