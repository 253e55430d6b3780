using System.Diagnostics;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>Session changes made after the response started (after a flush, after CompleteAsync).</summary>
public sealed class ResponseStartedTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Fact]
    public async Task A_change_to_an_existing_session_after_the_body_was_flushed_is_saved()
    {
        // Right: it needs no new cookie, so it is saved and the next request reads it.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        using var response = await client.PostAsync("/after-start/late?value=kept&how=flush");

        await SessionClient.EnsureSuccessAsync(response);
        Assert.Equal("set", await response.Content.ReadAsStringAsync());
        Assert.Equal("kept", (await client.GetJsonAsync<ValueView>("/read/late")).Value);
    }

    [Fact]
    public async Task A_change_to_an_existing_session_after_CompleteAsync_is_saved()
    {
        // Right: it needs no new cookie, so it is saved (after the client already has its answer).
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        var key = App.SessionKey(client.Cookie!);

        using var response = await client.PostAsync("/after-start/late?value=kept&how=complete");

        await SessionClient.EnsureSuccessAsync(response);
        var waited = Stopwatch.StartNew();
        while (await Servers.Sessions.CommandAsync("HGET", key, "late") != "kept")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the value set after CompleteAsync never reached Redis");
            await Task.Delay(50);
        }

        Assert.Equal("kept", (await client.GetJsonAsync<ValueView>("/read/late")).Value);
    }

    [Fact]
    public async Task Setting_a_value_on_a_new_session_after_the_body_was_flushed_throws_at_the_call()
    {
        // Right: a new session needs a cookie the started response can no longer carry: InvalidOperationException at Set.
        using var client = App.NewClient();

        using var response = await client.PostAsync("/after-start/late?value=lost&how=flush");

        await SessionClient.EnsureSuccessAsync(response);
        Assert.StartsWith(nameof(InvalidOperationException), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(SessionClient.SetCookieValue(response));
    }
}
