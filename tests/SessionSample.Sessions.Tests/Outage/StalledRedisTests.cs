using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Outage;

/// <summary>
/// Redis stalls (SIGSTOP: its sockets still take bytes, nothing is answered) and resumes while the
/// request is still inside its budget. MONITOR then shows every command the app had sent. Its own Redis per test.
/// </summary>
public sealed class StalledRedisTests : IsolatedRedis
{
    // A pipeline that gave an attempt a third of the budget (4 s here) and retried would have sent a second copy
    // by the time Redis resumes; the store never retries what was sent. The stall stays far inside the client's own
    // timeout (raised to 10 s for this test) and the budget, so the request must still succeed on a busy machine:
    // with the default 2 s client timeout a 1.5 s stall failed under a loaded CI run. A time-based scenario by
    // nature, with the margins on the side of the assertion.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(4.5);

    private readonly string _clientName = $"stalled{Guid.NewGuid():N}";
    private RedisMonitor _monitor = null!;
    private TestApp _app = null!;

    protected override RedisServerOptions Options => new() { Engine = RedisEngine.RedisServer };

    protected override async Task StartedAsync()
    {
        _monitor = Own(await RedisMonitor.StartAsync(Redis, _clientName));
        _app = Own(await TestApp.StartAsync(
            $"{Redis.ConnectionString},name={_clientName}",
            configure: options => options.OperationBudget = Budget,
            settings: new Dictionary<string, string?>
            {
                ["Redis:OperationTimeoutMilliseconds"] = ClientTimeout.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        await _app.WarmUpAsync();
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_new_session_written_during_a_stall_sends_each_command_once_and_leaves_no_orphan_session()
    {
        // Right: no new attempt while one is outstanding: each command reaches Redis once, and the only new session is the client's.
        using var client = _app.NewClient();
        var store = await InspectAsync(_app);
        var before = await store.SessionKeysAsync();

        var commands = await _monitor.CaptureAsync(() => WhileStalledAsync(client, "/write/k?value=v"));

        AssertEachOnce(commands);
        var created = (await store.SessionKeysAsync()).Except(before).ToList();
        Assert.NotNull(client.Cookie);
        Assert.Equal([_app.SessionKey(client.Cookie)], created);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task A_load_and_write_during_a_stall_send_each_command_once()
    {
        // Right: no new attempt while one is outstanding: the load and the commit each reach Redis once.
        using var client = _app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=1");

        var commands = await _monitor.CaptureAsync(() => WhileStalledAsync(client, "/write/b?value=2"));

        AssertEachOnce(commands);
        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            (await client.GetJsonAsync<SessionView>("/read")).Values);
    }

    /// <summary>Sends the request with Redis frozen, resumes it inside the budget; the request must then succeed.</summary>
    private async Task WhileStalledAsync(SessionClient client, string path)
    {
        Redis.Pause();
        Task<HttpResponseMessage> request;
        try
        {
            request = client.PostAsync(path);
            await Task.Delay(ResumeAfter);
        }
        finally
        {
            Redis.Resume();
        }

        using var response = await request;
        await SessionClient.EnsureSuccessAsync(response);
    }

    private static void AssertEachOnce(IReadOnlyList<string> commands)
    {
        Assert.NotEmpty(commands);
        var repeated = commands.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Count()}× {g.Key}").ToList();
        Assert.True(repeated.Count == 0, $"commands that reached Redis more than once: {string.Join(" | ", repeated)}");
    }
}
