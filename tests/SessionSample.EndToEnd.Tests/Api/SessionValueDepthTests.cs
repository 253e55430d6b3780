using System.Net;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// The session view nests each value two levels deep (the view, then its values), so a value is only as deep as
/// the reply can carry: one that would not fit is refused when written, and one another writer stored anyway is
/// shown as text. Either way a single value never makes the whole session unreadable.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SessionValueDepthTests(AppFixture fixture)
{
    [Theory]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    public async Task A_value_nested_63_deep_is_refused_or_read_back_and_never_breaks_the_session(int depth)
    {
        using var user = fixture.NewApiUser();
        using (var put = await user.PutRawAsync("/api/session/values/keep", "\"kept\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var deep = await user.PutRawAsync("/api/session/values/deep", NestedArray(depth));

        using var read = await user.Http.GetAsync("/api/session");
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET /api/session answered {(int)read.StatusCode} after a value {depth} deep was answered {(int)deep.StatusCode}.");
        var values = (await read.ReadJsonAsync()).GetProperty("values");
        Assert.Equal("kept", values.GetProperty("keep").GetString());
        if (deep.StatusCode == HttpStatusCode.NoContent)
        {
            Assert.Equal(depth, DepthOf(values.GetProperty("deep")));
        }
        else
        {
            Assert.Contains("deep", await deep.AssertValidationProblemAsync("body"), StringComparison.Ordinal);
            Assert.False(values.TryGetProperty("deep", out _));
        }

        // The deepest value the view can carry is still accepted: the limit is the reply's, not an arbitrary one.
        if (depth == 62)
        {
            Assert.Equal(HttpStatusCode.NoContent, deep.StatusCode);
        }
    }

    // Valid JSON that no writer can put out again: the escape decodes to half a character.
    [Theory]
    [InlineData("\"\\uD800\"")]
    [InlineData("{\"a\":[\"x\\uDC00\"]}")]
    public async Task A_value_with_an_escaped_lone_surrogate_is_refused_with_400_and_never_breaks_the_session(string body)
    {
        using var user = fixture.NewApiUser();
        using (var put = await user.PutRawAsync("/api/session/values/keep", "\"kept\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var refused = await user.PutRawAsync("/api/session/values/half", body);

        using var read = await user.Http.GetAsync("/api/session");
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET /api/session answered {(int)read.StatusCode} after {body} was answered {(int)refused.StatusCode}.");
        Assert.Contains("text", await refused.AssertValidationProblemAsync("body"), StringComparison.Ordinal);
        var values = (await read.ReadJsonAsync()).GetProperty("values");
        Assert.Equal("kept", values.GetProperty("keep").GetString());
        Assert.False(values.TryGetProperty("half", out _));
    }

    [Fact]
    public async Task A_value_another_writer_stored_too_deep_or_not_as_json_is_shown_as_text_and_the_session_stays_readable()
    {
        using var user = fixture.NewApiUser();
        var marker = Guid.NewGuid().ToString("N");
        using (var put = await user.PutRawAsync("/api/session/values/probe", $"\"{marker}\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        // As a page, an older version of the API or an operator could have stored them: straight into the hash.
        await using var sessions = await fixture.ConnectAsync("sessions");
        var key = await SessionKeyHoldingAsync(sessions, "probe", $"\"{marker}\"");
        var tooDeep = NestedArray(64);
        var farTooDeep = NestedArray(200);
        const string halfCharacter = "\"\\uD800\"";
        await sessions.GetDatabase().HashSetAsync(key, [new("legacy-64", tooDeep), new("legacy-200", farTooDeep), new("legacy-half", halfCharacter), new("legacy-text", "plain words")]);

        using var read = await user.Http.GetAsync("/api/session");

        Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET /api/session answered {(int)read.StatusCode}: {await read.Content.ReadAsStringAsync()}");
        var values = (await read.ReadJsonAsync()).GetProperty("values");
        Assert.Equal(marker, values.GetProperty("probe").GetString());
        Assert.Equal(tooDeep, values.GetProperty("legacy-64").GetString());
        Assert.Equal(farTooDeep, values.GetProperty("legacy-200").GetString());
        Assert.Equal(halfCharacter, values.GetProperty("legacy-half").GetString());
        Assert.Equal("plain words", values.GetProperty("legacy-text").GetString());
    }

    private static string NestedArray(int depth) => new StringBuilder().Append('[', depth).Append(']', depth).ToString();

    private static int DepthOf(JsonElement element)
    {
        var depth = 0;
        for (; element.ValueKind == JsonValueKind.Array; depth++)
        {
            element = element.GetArrayLength() == 0 ? default : element[0];
        }

        return depth;
    }

    /// <summary>The one session key whose <paramref name="field"/> holds <paramref name="value"/> (field names and plain values are stored as they are).</summary>
    private static async Task<RedisKey> SessionKeyHoldingAsync(ConnectionMultiplexer redis, string field, string value)
    {
        var found = new List<RedisKey>();
        foreach (var server in redis.GetServers().Where(server => !server.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: "SessionSample:session:{*}", pageSize: 1000))
            {
                if (await redis.GetDatabase().HashGetAsync(key, field) == value)
                {
                    found.Add(key);
                }
            }
        }

        return Assert.Single(found);
    }
}
