using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Expiry;

/// <summary>
/// Writes that do not load first (write-through set, increment, flash) on a session that is gone.
/// Expiry and deletion look the same to such a write; they must not be treated the same.
/// </summary>
public sealed class ExpiredSessionWriteTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    private const string StaleMessage = "was ended or moved by another request";

    // Short enough to wait for, long enough for the next two requests to run inside it on a busy machine.
    private static readonly TimeSpan ShortIdle = TimeSpan.FromSeconds(3);

    public static TheoryData<string> Writes => ["set-now", "incr", "flash"];

    public static TheoryData<string, string> EndingsAndWrites => new()
    {
        { "/invalidate", "set-now" }, { "/invalidate", "incr" }, { "/invalidate", "flash" },
        { "/regenerate", "set-now" }, { "/regenerate", "incr" }, { "/regenerate", "flash" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_blind_write_to_a_session_whose_idle_timeout_ran_out_lands_in_a_new_session_with_a_new_cookie(string write)
    {
        // Right: the write lands in a new session with a new id and cookie, and nothing logs "deleted or renamed".
        var logs = new LogTextCapture();
        await using var app = await TestApp.StartAsync(
            servers.Sessions.ConnectionString, configure: options => options.IdleTimeout = ShortIdle, configureBuilder: TestHttp.CaptureLogs(logs));
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        var expiredCookie = client.Cookie!;
        await servers.Sessions.WaitUntilGoneAsync(app.SessionKey(expiredCookie));

        using var response = await client.PostAsync(WritePath(write));

        await SessionClient.EnsureSuccessAsync(response);
        var issued = SessionClient.SetCookieValue(response);
        Assert.False(string.IsNullOrEmpty(issued), $"the {write} on an expired session set no new cookie: the client stays stuck on a dead id");
        Assert.NotEqual(expiredCookie, issued);
        Assert.True(await servers.Sessions.ExistsAsync(app.SessionKey(issued!)), $"the {write} was not stored under the new id");
        await AssertWrittenAsync(client, write);
        Assert.DoesNotContain(logs.Logs, log => log.Message.Contains(StaleMessage, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EndingsAndWrites))]
    public async Task A_late_blind_write_with_the_old_cookie_never_revives_a_signed_out_or_regenerated_session(string ending, string write)
    {
        // Right: the old id stays dead, the late write is refused (409, never a silent drop) and logged, and a regenerated session keeps its cookie.
        var logs = new LogTextCapture();
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureBuilder: TestHttp.CaptureLogs(logs));
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");
        var oldCookie = client.Cookie!;
        using var late = new SessionClient(app.Address) { Cookie = oldCookie };
        using (var ended = await client.PostAsync(ending))
        {
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        }

        using var response = await late.PostAsync(WritePath(write));

        await TestHttp.SingleProblemAsync(response, HttpStatusCode.Conflict);
        Assert.False(await (await servers.InspectAsync(app)).IsLiveAsync(oldCookie), $"the late {write} brought the old session back");
        Assert.Contains(logs.Logs, log => log.Message.Contains(StaleMessage, StringComparison.Ordinal));
        if (ending == "/regenerate")
        {
            // The same browser holds the new cookie: replacing it would undo the regeneration.
            Assert.Null(SessionClient.SetCookieValue(response));
            Assert.Equal(new Dictionary<string, string> { ["seed"] = "1" }, (await client.GetJsonAsync<SessionView>("/read")).Values);
        }
    }

    private static string WritePath(string write) => write switch
    {
        "set-now" => "/blind-set-now/k?value=v",
        "incr" => "/incr/k",
        _ => "/flash?message=m",
    };

    private static async Task AssertWrittenAsync(SessionClient client, string write)
    {
        if (write == "flash")
        {
            Assert.Equal(["m"], (await client.GetJsonAsync<FlashView>("/flashes")).Messages);
        }
        else
        {
            Assert.Equal(write == "incr" ? "1" : "v", (await client.GetJsonAsync<ValueView>("/read/k")).Value);
        }
    }
}
