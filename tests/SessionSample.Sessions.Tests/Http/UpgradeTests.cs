using System.Net.Sockets;
using System.Text;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Http;

/// <summary>
/// An upgraded connection (WebSocket, SignalR, Blazor Server) starts its 101 response through the server's
/// upgrade feature, not the body: the commit gate must still treat that as the response starting. The request
/// is sent over a raw socket so the test can read the 101 and keep the connection open.
/// </summary>
public sealed class UpgradeTests(RedisPairFixture servers) : PairAppTests(servers)
{
    [Fact]
    public async Task An_OnStarting_callback_registered_before_an_upgrade_runs_for_the_101_response()
    {
        // Right: as without the session middleware, the server runs the callback when the 101 starts (here it adds a header).
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        var (head, _) = await WhileUpgradedAsync(client.Cookie!, () => Task.FromResult(string.Empty));

        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        Assert.Contains("X-Before-Upgrade: 1", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_change_made_before_an_upgrade_is_saved_when_the_101_response_starts()
    {
        // Right: the response started with the 101, so the commit at response start has run: another request sees the change while the connection stays open.
        using var client = App.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        var (_, during) = await WhileUpgradedAsync(client.Cookie!, async () =>
            (await client.GetJsonAsync<ValueView>("/read/before-upgrade")).Value ?? "(not saved)");

        Assert.Equal("1", during);
    }

    /// <summary>Upgrades a connection with <paramref name="cookie"/>, runs <paramref name="during"/> while it is open, then releases it.</summary>
    private async Task<(string Head, string During)> WhileUpgradedAsync(string cookie, Func<Task<string>> during)
    {
        var (upgraded, release) = (TestSignals.NewName(), TestSignals.NewName());
        using var socket = new TcpClient();
        await socket.ConnectAsync(App.Address.Host, App.Address.Port);
        var stream = socket.GetStream();
        var request =
            $"GET /upgrade?upgraded={upgraded}&release={release} HTTP/1.1\r\nHost: {App.Address.Authority}\r\n"
            + $"Connection: Upgrade\r\nUpgrade: session-test\r\nCookie: {SessionClient.SessionCookieName}={cookie}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        try
        {
            var head = await ReadHeadAsync(stream);
            await TestSignals.WaitAsync(upgraded);
            return (head, await during());
        }
        finally
        {
            TestSignals.Set(release);
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, timeout.Token) == 0)
            {
                break;
            }

            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
