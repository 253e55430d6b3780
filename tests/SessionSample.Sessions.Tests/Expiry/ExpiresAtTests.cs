using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Expiry;

/// <summary><c>ExpiresAt</c> after a write, when the absolute lifetime ends before the idle timeout.</summary>
public sealed class ExpiresAtTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: options =>
        {
            options.IdleTimeout = TimeSpan.FromMinutes(120);
            options.AbsoluteLifetime = TimeSpan.FromMinutes(1);
        });
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("set-now")]
    [InlineData("commit")]
    [InlineData("incr")]
    public async Task ExpiresAt_after_a_write_is_the_ttl_the_script_applied(string how)
    {
        // Right: ExpiresAt is now + the TTL Redis holds (the absolute lifetime's end here), not now + the idle timeout.
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        var times = await client.PostJsonAsync<TimesView>($"/expires-after-write/{how}");
        var pttl = await servers.Sessions.PttlAsync(_app.SessionKey(client.Cookie!));
        var applied = DateTimeOffset.UtcNow.AddMilliseconds(pttl);

        Assert.InRange(pttl, 1, (long)TimeSpan.FromMinutes(1).TotalMilliseconds);
        Assert.NotNull(times.ExpiresAt);
        Assert.True(
            (times.ExpiresAt.Value - applied).Duration() <= Tolerance,
            $"ExpiresAt {times.ExpiresAt:O} but Redis expires the session at {applied:O} (PTTL {pttl} ms)");
    }
}
