using System.Globalization;
using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.WriteThrough;

/// <summary>Increments are exact 64-bit integers (Lua numbers are doubles), and overflow is the caller's error.</summary>
public sealed class IncrementRangeTests(RedisPairFixture servers) : PairAppTests(servers)
{
    private static readonly string Max = long.MaxValue.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_increment_to_long_MaxValue_returns_long_MaxValue_exactly()
    {
        // Right: the exact 64-bit result, as stored.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        var counter = await client.PostJsonAsync<CounterView>($"/incr/n?by={Max}");

        Assert.Equal(long.MaxValue, counter.Value);
        Assert.Equal(Max, await Servers.Sessions.CommandAsync("HGET", App.SessionKey(client.Cookie!), "n"));
    }

    [Fact]
    public async Task An_increment_past_long_MaxValue_answers_a_4xx_problem_and_leaves_the_value_unchanged()
    {
        // Right: overflow is a 400 or 409 problem, not a raw 500, and the stored value stays long.MaxValue.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        (await client.PostAsync($"/incr/n?by={Max}")).Dispose();

        using var response = await client.PostAsync("/incr/n?by=1");

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.Conflict);
        Assert.Equal(Max, await Servers.Sessions.CommandAsync("HGET", App.SessionKey(client.Cookie!), "n"));
    }
}
