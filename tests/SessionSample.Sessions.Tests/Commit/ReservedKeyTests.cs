using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Commit;

/// <summary>Also: keys starting with <c>~</c> hold the store's metadata and flashes; application code cannot use them.</summary>
public sealed class ReservedKeyTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Theory]
    [InlineData("set")]
    [InlineData("set-now")]
    [InlineData("incr")]
    [InlineData("remove")]
    public async Task Using_a_reserved_key_throws_an_ArgumentException_that_says_why(string how)
    {
        // Right: an ArgumentException for "key" whose message names the reserved "~" prefix.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        var refused = await client.PostJsonAsync<ReservedKeyView>($"/reserved-key/{how}");

        Assert.Equal(nameof(ArgumentException), refused.Exception);
        Assert.Equal("key", refused.ParamName);
        Assert.Contains("~", refused.Message, StringComparison.Ordinal);
        Assert.Contains("reserved", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }
}
