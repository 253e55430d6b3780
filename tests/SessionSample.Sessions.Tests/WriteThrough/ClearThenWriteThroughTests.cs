using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.WriteThrough;

/// <summary><c>Clear()</c>, then a write-through in the same request; the commit at the end must not wipe it.</summary>
public sealed class ClearThenWriteThroughTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Theory]
    [InlineData("set-now", false, "v")]
    [InlineData("set-now", true, "v")]
    [InlineData("incr", false, "1")]
    [InlineData("incr", true, "1")]
    public async Task A_write_through_after_Clear_survives_the_end_of_request_commit(string how, bool loadFirst, string expected)
    {
        // Right: Clear() removes what was there before; the write-through made after it stays.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/old?value=1");

        using var response = await client.PostAsync($"/clear-then/{how}/k?value=v&loadFirst={loadFirst}");

        await SessionClient.EnsureSuccessAsync(response);
        Assert.Equal(new Dictionary<string, string> { ["k"] = expected }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }
}
