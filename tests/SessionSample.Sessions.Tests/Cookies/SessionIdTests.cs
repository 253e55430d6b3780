using Microsoft.Extensions.Logging;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Cookies;

/// <summary>Suspected: <c>ISession.Id</c> is the 48-bit log hash, which collides at scale.</summary>
public sealed class SessionIdTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private const string HashAttribute = "SessionIdHash=";

    private readonly LogTextCapture _logs = new();
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureBuilder: TestHttp.CaptureLogs(_logs, LogLevel.Debug));
        await _app.WarmUpAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Session_Id_carries_at_least_128_bits_is_stable_and_is_neither_the_raw_id_nor_the_log_hash()
    {
        // Right: a collision-safe id (>= 128 bits) that is still not the raw id; logs keep their short hash.
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");
        var logsBefore = _logs.Logs.Count;
        var id = (await client.GetJsonAsync<ValueView>("/id")).Value!;
        var logHashes = _logs.Logs.Skip(logsBefore)
            .SelectMany(log => log.Texts)
            .Where(text => text.StartsWith(HashAttribute, StringComparison.Ordinal))
            .Select(text => text[HashAttribute.Length..])
            .ToHashSet(StringComparer.Ordinal);
        var raw = _app.RawSessionId(client.Cookie!);

        Assert.True(Bits(id) >= 128, $"Session.Id '{id}' carries {Bits(id)} bits");
        Assert.NotEmpty(logHashes);
        Assert.DoesNotContain(id, logHashes);
        Assert.DoesNotContain(raw, id, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Cookie!, id, StringComparison.Ordinal);
        Assert.Equal(id, (await client.GetJsonAsync<ValueView>("/id")).Value);
        using var other = _app.NewClient();
        await other.PostJsonAsync<ValueView>("/write/a?value=1");
        Assert.NotEqual(id, (await other.GetJsonAsync<ValueView>("/id")).Value);
    }

    // Hex carries 4 bits a character, base64 (either alphabet) 6; anything else is not counted.
    private static int Bits(string id)
    {
        if (id.All(char.IsAsciiHexDigit))
        {
            return id.Length * 4;
        }

        var unpadded = id.TrimEnd('=');
        return unpadded.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '/') ? unpadded.Length * 6 : 0;
    }
}
