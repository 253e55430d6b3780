using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.WriteThrough;

/// <summary>
/// <c>Clear()</c> followed by a write-through in the same request: what the request itself then reads,
/// and what an increment counts from. The existing suite only checks what survives the commit.
/// </summary>
public sealed class ClearThenReadInSameRequestTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Theory]
    [InlineData("set-now", "v")]
    [InlineData("incr", "1")]
    public async Task After_Clear_a_write_through_is_visible_to_the_same_request(string how, string expected)
    {
        // Right: the value written through after Clear() is in the session: TryGetValue and Keys see it, as the next request does.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/old?value=1");

        var seen = await client.PostJsonAsync<SeenView>($"/clear-then-read/{how}/k");

        Assert.Equal(expected, seen.Value);
        Assert.Equal(["k"], seen.Keys);
    }

    [Fact]
    public async Task An_increment_after_Clear_counts_from_zero()
    {
        // Right: Clear() empties the session, so a counter incremented after it starts again at 1, not at its old value + 1.
        using var client = App.NewClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostJsonAsync<CounterView>("/incr/hits");
        }

        using var response = await client.PostAsync("/clear-then/incr/hits?value=unused&loadFirst=true");
        await SessionClient.EnsureSuccessAsync(response);

        Assert.Equal("1", (await client.GetJsonAsync<ValueView>("/read/hits")).Value);
    }
}
