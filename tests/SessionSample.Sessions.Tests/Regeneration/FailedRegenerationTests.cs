using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Regeneration;

/// <summary>The endpoint throws after a successful <c>RegenerateIdAsync</c>.</summary>
public sealed class FailedRegenerationTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Fact]
    public async Task After_a_regeneration_and_then_an_exception_the_data_is_reachable_with_the_cookie_the_client_holds()
    {
        // Right: the new cookie still goes out with the error (or the move is undone): the data is never orphaned.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        using var failed = await client.PostAsync("/regenerate-then-throw");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
        Assert.True(await Servers.Sessions.ExistsAsync(App.SessionKey(client.Cookie!)));
    }
}
