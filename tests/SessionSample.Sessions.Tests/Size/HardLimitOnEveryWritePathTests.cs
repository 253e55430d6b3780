using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Size;

/// <summary>
/// A 4 KiB hard session limit against every write path. The stored hash is measured in Redis
/// (every field and value, metadata and flashes included) after each scenario.
/// </summary>
public sealed class HardLimitOnEveryWritePathTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private const int Limit = 4096;

    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options =>
        {
            options.SoftValueBytes = options.HardValueBytes = Limit;
            options.SoftSessionBytes = options.HardSessionBytes = Limit;
        });
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Flashes_cannot_take_the_session_over_its_hard_limit()
    {
        // Right: a flash that would pass the limit is refused with 413; the stored session never exceeds it.
        using var client = _app.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add(await StatusAsync(client, $"/flash?message={new string((char)('a' + i), 1000)}"));
        }

        await AssertHeldAsync(client, statuses, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Counters_cannot_take_the_session_over_its_hard_limit()
    {
        // Right: an increment creating a field past the limit is refused with 413; the stored session never exceeds it.
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/big/fill?bytes=3800");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await StatusAsync(client, $"/incr/{new string((char)('a' + i), 100)}"));
        }

        await AssertHeldAsync(client, statuses, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_write_through_set_counts_every_field_against_the_hard_limit()
    {
        // Right: the write-through is refused with 413 because flashes count too; the stored session never exceeds the limit.
        using var client = _app.NewClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, await StatusAsync(client, $"/flash?message={new string('f', 1000)}"));
        }

        var status = await StatusAsync(client, "/set-now/big?bytes=1500");

        await AssertHeldAsync(client, [status], HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("commit")]
    [InlineData("set-now")]
    public async Task Two_concurrent_loaded_writes_cannot_together_take_the_session_over_its_hard_limit(string how)
    {
        // Right: each write fits what its request loaded, together they do not: one is refused with 413.
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        using var other = new SessionClient(_app.Address) { Cookie = client.Cookie };
        var (firstLoaded, secondLoaded, release) = (TestSignals.NewName(), TestSignals.NewName(), TestSignals.NewName());
        var writes = new[]
        {
            client.PostAsync($"/slow-big/x?bytes=2500&how={how}&loaded={firstLoaded}&release={release}"),
            other.PostAsync($"/slow-big/y?bytes=2500&how={how}&loaded={secondLoaded}&release={release}"),
        };
        await Task.WhenAll(TestSignals.WaitAsync(firstLoaded), TestSignals.WaitAsync(secondLoaded));
        TestSignals.Set(release);

        var statuses = new List<HttpStatusCode>();
        foreach (var write in writes)
        {
            using var response = await write;
            statuses.Add(await CheckedStatusAsync(response));
        }

        await AssertHeldAsync(client, statuses, HttpStatusCode.OK);
    }

    private static async Task<HttpStatusCode> StatusAsync(SessionClient client, string path)
    {
        using var response = await client.PostAsync(path);
        return await CheckedStatusAsync(response);
    }

    /// <summary>The status, after checking that a refusal is one well-formed 413 problem.</summary>
    private static async Task<HttpStatusCode> CheckedStatusAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            await TestHttp.SingleProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }

        return response.StatusCode;
    }

    private async Task AssertHeldAsync(SessionClient client, IReadOnlyList<HttpStatusCode> statuses, HttpStatusCode accepted)
    {
        var stored = await servers.Sessions.HashBytesAsync(_app.SessionKey(client.Cookie!));
        var answers = string.Join(", ", statuses.Select(s => (int)s));
        Assert.True(stored <= Limit, $"the session holds {stored} bytes, over its {Limit}-byte hard limit (answers: {answers})");
        Assert.All(statuses, status => Assert.True(status == accepted || status == HttpStatusCode.RequestEntityTooLarge, $"answers: {answers}"));
        Assert.Contains(HttpStatusCode.RequestEntityTooLarge, statuses);
    }
}
