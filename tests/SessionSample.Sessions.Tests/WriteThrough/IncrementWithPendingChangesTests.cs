using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.WriteThrough;

/// <summary>What a request that fails half-way keeps: write-throughs, never its other pending changes (docs/session-lifecycle.md).</summary>
public sealed class IncrementWithPendingChangesTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Fact]
    public async Task An_increment_of_a_key_with_a_pending_value_does_not_save_the_requests_other_pending_changes()
    {
        // Right: the increment writes what it needs (its key) and itself; the request then fails, so its other pending change is discarded.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        using var failed = await client.PostAsync("/pending-incr-then-throw");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var stored = (await client.GetJsonAsync<SessionView>("/read")).Values;
        Assert.Equal("6", stored.GetValueOrDefault("n"));
        Assert.False(stored.ContainsKey("other"), "a pending change of the failed request was saved");
    }
}
