using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.Parity;

namespace SessionSample.Sessions.Tests.Size;

/// <summary>The soft and hard limits of one value and of the whole session: over a hard limit 413 and nothing changes, over a soft one kept, warned about and counted.</summary>
public sealed class SizeLimitTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        servers.Sessions.ConnectionString,
        servers.Cache.ConnectionString,
        options =>
        {
            options.SoftValueBytes = 500;
            options.HardValueBytes = 1000;
            options.SoftSessionBytes = 2000;
            options.HardSessionBytes = 3000;
        },
        builder => builder.Logging.AddProvider(_logs));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_value_over_the_hard_limit_is_refused_with_413_and_earlier_data_stays()
    {
        using var client = await SessionWithAsync();

        using var refused = await client.PostAsync("/big/huge?bytes=2000");

        await TestHttp.AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "Session data too large");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    [Fact]
    public async Task A_write_taking_the_session_over_its_hard_limit_is_refused_and_nothing_changes()
    {
        using var client = await SessionWithAsync();
        for (var i = 1; i <= 3; i++)
        {
            using var accepted = await client.PostAsync($"/big/x{i}?bytes=900");
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var refused = await client.PostAsync("/big/x4?bytes=900");
        await TestHttp.AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "Session data too large");

        // Without a load the size is checked inside Redis by the commit script, before anything is applied.
        using var refusedBlind = await client.PostAsync("/blind-big/y?bytes=900");
        await TestHttp.AssertProblemAsync(refusedBlind, HttpStatusCode.RequestEntityTooLarge, "Session data too large");

        var keys = (await client.GetJsonAsync<SessionView>("/read")).Values.Keys.Order();
        Assert.Equal(["a", "x1", "x2", "x3"], keys);
    }

    [Theory]
    [InlineData("value", 600, 0, "soft_value", "(600 bytes > 500)")]
    [InlineData("session", 900, 2, "soft_session", "bytes > 2000)")]
    public async Task A_write_over_a_soft_limit_is_kept_warned_about_and_counted(
        string limit, int bytes, int earlierValues, string counted, string detail)
    {
        using var client = await SessionWithAsync();
        for (var i = 0; i < earlierValues; i++)
        {
            using var earlier = await client.PostAsync($"/big/earlier{i}?bytes={bytes}");
            Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        }

        var hits = new List<string>();
        using var listener = ListenToSizeLimitHits(hits);
        using var response = await client.PostAsync($"/big/warned?bytes={bytes}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, (await client.GetJsonAsync<SessionView>("/read")).Values["warned"].Length);
        var expected = $"Session {SessionIds.HandleOf(_app.RawSessionId(client.Cookie!)).LogHash}: {limit} soft limit exceeded";
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith(expected, StringComparison.Ordinal) && e.Message.Contains(detail, StringComparison.Ordinal));
        Assert.Contains(counted, hits);
    }

    /// <summary>The size-limit counter's "limit" tags, recorded while the listener lives.</summary>
    private static MeterListener ListenToSizeLimitHits(List<string> hits)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument, SessionTelemetry.SizeLimitHits))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "limit" && tag.Value is string value)
                {
                    lock (hits)
                    {
                        hits.Add(value);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task Write_through_respects_the_limits()
    {
        using var client = await SessionWithAsync();

        using var refused = await client.PostAsync("/set-now/now?bytes=1500");
        await TestHttp.AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "Session data too large");
        using var accepted = await client.PostAsync("/set-now/now?bytes=10");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var values = (await client.GetJsonAsync<SessionView>("/read")).Values;
        Assert.Equal(10, values["now"].Length);
        Assert.Equal("1", values["a"]);
    }

    private async Task<SessionClient> SessionWithAsync()
    {
        var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        return client;
    }
}
