extern alias ApiService;
extern alias WebFrontend;

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using SessionSample.Sessions;

namespace SessionSample.Telemetry.Tests;

/// <summary>
/// "Every session read and write in the dashboard's structured logs, with size and keys, keyed by the id hash":
/// on in Development through each app's appsettings.Development.json, off by default in Production, and turned
/// on there by the one setting <c>Logging:LogLevel:SessionSample.Sessions=Debug</c>.
/// </summary>
public sealed class SessionLogTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    /// <summary>The store's log categories all start with its namespace.</summary>
    private static readonly string s_category = typeof(IRedisSession).Namespace!;

    [Fact]
    public async Task In_Development_the_ApiService_exports_each_read_and_write_with_hash_bytes_and_keys()
    {
        await using var app = new InProcessApp<ApiService::Program>(Environments.Development, redis.Server).Start();

        var cookie = await WriteThenReadAsync(app.Address);

        var hash = LogHash(RawSessionIds.Of(app.Services, cookie));
        var written = Assert.Single(SessionLogs(app.Logs), log => log.Attributes.ContainsKey("Set"));
        Assert.Equal(LogLevel.Debug, written.Level);
        Assert.Equal(hash, written.Attributes["SessionIdHash"]);
        Assert.Equal("cart", written.Attributes["Set"]);
        Assert.Equal(Encoding.UTF8.GetByteCount("cart") + Encoding.UTF8.GetByteCount("\"3 apples\""), long.Parse(written.Attributes["Bytes"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(long.Parse(written.Attributes["SessionBytes"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        var read = Assert.Single(SessionLogs(app.Logs), log => log.Attributes.ContainsKey("Keys"));
        Assert.Equal(hash, read.Attributes["SessionIdHash"]);
        Assert.Equal("found", read.Attributes["Outcome"]);
        Assert.Equal("cart", read.Attributes["Keys"]);
        Assert.Equal(written.Attributes["SessionBytes"], read.Attributes["Bytes"]);
        Assert.Contains(hash, read.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SessionLogs(app.Logs), log => log.Message.Contains(cookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_Development_the_WebFrontend_exports_the_reads_of_a_session_the_ApiService_wrote()
    {
        await using var api = new InProcessApp<ApiService::Program>(Environments.Development, redis.Server).Start();
        var cookie = await WriteThenReadAsync(api.Address);
        // The home page also asks the API for its status, through service discovery.
        await using var web = new InProcessApp<WebFrontend::Program>(
            Environments.Development, redis.Server, new Dictionary<string, string?> { ["services:apiservice:http:0"] = api.Address.ToString() }).Start();

        using (SuppressInstrumentationScope.Begin())
        {
            using var client = new SessionClient(web.Address) { Cookie = cookie };
            using var home = await client.GetAsync("/");
            await SessionClient.EnsureSuccessAsync(home);
        }

        var read = Assert.Single(SessionLogs(web.Logs), log => log.Attributes.ContainsKey("Keys"));
        Assert.Equal(LogLevel.Debug, read.Level);
        Assert.Equal(LogHash(RawSessionIds.Of(web.Services, cookie)), read.Attributes["SessionIdHash"]);
        Assert.Equal("cart", read.Attributes["Keys"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task In_Production_reads_and_writes_are_exported_only_with_the_one_setting(bool turnedOn)
    {
        var settings = new Dictionary<string, string?>
        {
            // Plain HTTP to loopback: without this, Production's Secure, __Host- cookie would not come back.
            ["Sessions:Cookie:SecurePolicy"] = "SameAsRequest",
        };
        if (turnedOn)
        {
            settings[$"Logging:LogLevel:{s_category}"] = "Debug";
        }

        await using var app = new InProcessApp<ApiService::Program>(Environments.Production, redis.Server, settings).Start();

        await WriteThenReadAsync(app.Address);

        var readsAndWrites = SessionLogs(app.Logs).Where(log => log.Attributes.ContainsKey("Set") || log.Attributes.ContainsKey("Keys")).ToList();
        Assert.Equal(turnedOn ? 2 : 0, readsAndWrites.Count);
        // Off by default means off: the store logs nothing below Information then.
        Assert.Equal(turnedOn, SessionLogs(app.Logs).Any(log => log.Level == LogLevel.Debug));
    }

    /// <summary>Sets one key, then reads the session back; returns the session cookie.</summary>
    private static async Task<string> WriteThenReadAsync(Uri address)
    {
        // The test's HTTP client runs in the app's process: keep its own spans and logs out of what the app exports.
        using var outsideTheApp = SuppressInstrumentationScope.Begin();
        using var client = new SessionClient(address);
        using (var put = await client.PutRawAsync("/api/session/values/cart", "\"3 apples\""))
        {
            await SessionClient.EnsureSuccessAsync(put);
        }

        using (var get = await client.GetAsync("/api/session/"))
        {
            await SessionClient.EnsureSuccessAsync(get);
        }

        return client.Cookie ?? throw new InvalidOperationException("The API issued no session cookie.");
    }

    private static IEnumerable<CapturedLog> SessionLogs(LogCapture capture) =>
        capture.Logs.Where(log => log.Category.StartsWith(s_category + ".", StringComparison.Ordinal));

    private static string LogHash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan(0, 6));
}
