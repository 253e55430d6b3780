using System.Text.RegularExpressions;
using RedisSessions.Hosting;
using SessionSample.Testing;

namespace SessionSample.AppHost.Tests;

/// <summary>
/// What must hold whatever engine runs the two Redis resources. Each derived class runs these
/// against one real AppHost with its engine forced.
/// </summary>
public abstract partial class EngineTests(AppHostFixture fixture)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    protected AppHostFixture Fixture { get; } = fixture;

    protected DistributedApplication App => Fixture.App;

    [SkippableFact(typeof(MissingToolException))]
    public async Task Home_page_shows_what_it_fetched_from_the_api()
    {
        using var client = App.CreateHttpClient("webfrontend");
        using var timeout = new CancellationTokenSource(s_timeout);

        var html = await client.GetStringAsync("/", timeout.Token);

        Assert.Contains("data-testid=\"api-status\"", html, StringComparison.Ordinal);
        Assert.Contains("Answered by <strong>apiservice</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("api-status-error", html, StringComparison.Ordinal);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("sessions")]
    [InlineData("cache")]
    public async Task Connection_string_has_the_Redis_shape_with_a_password(string resource)
    {
        var connectionString = await ConnectionStringAsync(resource);

        Assert.Matches(ConnectionStringShape(), connectionString);
        Assert.True(RedisProbe.PasswordOf(connectionString).Length >= 16, "the generated password is too short");
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Sessions_and_cache_have_different_passwords()
    {
        var sessions = RedisProbe.PasswordOf(await ConnectionStringAsync("sessions"));
        var cache = RedisProbe.PasswordOf(await ConnectionStringAsync("cache"));

        Assert.NotEqual(sessions, cache);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("sessions")]
    [InlineData("cache")]
    public async Task Connection_without_the_password_is_refused(string resource)
    {
        var connectionString = await ConnectionStringAsync(resource);

        var replies = await RedisProbe.SendRawAsync(connectionString, "PING", "AUTH not-the-password", "GET anything");

        Assert.StartsWith("-NOAUTH", replies[0], StringComparison.Ordinal);
        Assert.StartsWith("-", replies[1], StringComparison.Ordinal);
        Assert.StartsWith("-NOAUTH", replies[2], StringComparison.Ordinal);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("sessions")]
    [InlineData("cache")]
    public async Task Password_is_never_on_a_process_command_line(string resource)
    {
        var password = RedisProbe.PasswordOf(await ConnectionStringAsync(resource));
        Assert.True(App.ResourceNotifications.TryGetCurrentState(resource, out var state));
        var properties = state.Snapshot.Properties.ToDictionary(property => property.Name, property => property.Value);

        // What the dashboard shows...
        var args = Assert.IsAssignableFrom<IEnumerable<string>>(properties["executable.args"]).ToArray();
        Assert.DoesNotContain(args, arg => arg.Contains(password, StringComparison.Ordinal));
        Assert.Contains("--port", args);

        // ...and what ps shows.
        var pid = Convert.ToInt32(properties["executable.pid"], System.Globalization.CultureInfo.InvariantCulture);
        var commandLine = await RedisProbe.ProcessCommandLineAsync(pid);
        Assert.DoesNotContain(password, commandLine, StringComparison.Ordinal);

        // The password is in a config file only its owner can read.
        var configFile = Assert.Single(args, arg => arg.EndsWith(".conf", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configFile));
        Assert.Contains(password, await File.ReadAllTextAsync(configFile), StringComparison.Ordinal);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Sessions_keep_an_append_only_file_synced_every_second_and_never_evict()
    {
        await using var sessions = await RedisProbe.ConnectAsync(await ConnectionStringAsync("sessions"));

        Assert.Equal("yes", await RedisProbe.ConfigGetAsync(sessions, "appendonly"));
        await AssertSessionsEngineSettingsAsync(sessions);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Cache_keeps_nothing_on_disk_and_evicts_within_a_memory_bound()
    {
        await using var cache = await RedisProbe.ConnectAsync(await ConnectionStringAsync("cache"));

        Assert.Equal("no", await RedisProbe.ConfigGetAsync(cache, "appendonly"));
        await AssertCacheEngineSettingsAsync(cache);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("sessions")]
    [InlineData("cache")]
    public async Task Ping_command_reports_the_round_trip(string resource)
    {
        var result = await ExecuteCommandAsync(resource, RedisDashboardCommands.PingCommand);

        Assert.Matches(@"round trip \d+(\.\d+)? ms", result.Message);
        Assert.Contains(ExpectedServerName, result.Message, StringComparison.Ordinal);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("sessions")]
    [InlineData("cache")]
    public async Task Memory_command_reports_used_memory_limit_and_policy(string resource)
    {
        var result = await ExecuteCommandAsync(resource, RedisDashboardCommands.MemoryCommand);

        Assert.Matches(@"used memory \d+(\.\d+)?[BKMG]", result.Message);
        Assert.Contains(ExpectedMemoryFigures(resource), result.Message, StringComparison.Ordinal);
    }

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData("sessions")]
    [InlineData("cache")]
    public async Task Keyspace_command_counts_hits_misses_and_keys(string resource)
    {
        var connectionString = await ConnectionStringAsync(resource);
        await using var connection = await RedisProbe.ConnectAsync(connectionString);
        var database = connection.GetDatabase();
        var key = $"keyspace-probe:{Guid.NewGuid():N}";
        await database.StringSetAsync(key, "value");
        Assert.Equal("value", await database.StringGetAsync(key));
        Assert.True((await database.StringGetAsync(key + ":missing")).IsNull);

        // Called directly, the figures are typed enough to check against what was just done.
        // Garnet samples its counters once a second, hence the short wait.
        var report = await RedisDashboardCommands.KeyspaceAsync(connection.GetServers(), CancellationToken.None);
        for (var attempt = 0; attempt < 50 && report["keyspace hits"] == "0"; attempt++)
        {
            await Task.Delay(100);
            report = await RedisDashboardCommands.KeyspaceAsync(connection.GetServers(), CancellationToken.None);
        }

        Assert.True(long.Parse(report["keyspace hits"], System.Globalization.CultureInfo.InvariantCulture) >= 1, report.Message);
        Assert.True(long.Parse(report["keyspace misses"], System.Globalization.CultureInfo.InvariantCulture) >= 1, report.Message);
        Assert.True(long.Parse(report["keys"], System.Globalization.CultureInfo.InvariantCulture) >= 1, report.Message);
        Assert.EndsWith("%", report["hit ratio"], StringComparison.Ordinal);
        Assert.Equal(ExpectedEvictedKeys, Regex.IsMatch(report["evicted keys"], @"^\d+$") ? "a number" : report["evicted keys"]);

        // ...and through the dashboard the same figures come back as the command's message.
        var result = await ExecuteCommandAsync(resource, RedisDashboardCommands.KeyspaceCommand);
        Assert.Matches(@"keyspace hits \d+, keyspace misses \d+, hit ratio \d+\.\d %, evicted keys .+, keys \d+", result.Message);
    }

    /// <summary>How the engine names itself in the Ping command.</summary>
    protected abstract string ExpectedServerName { get; }

    /// <summary>"a number" where the engine counts evictions, else the "not reported" marker.</summary>
    protected abstract string ExpectedEvictedKeys { get; }

    protected abstract string ExpectedMemoryFigures(string resource);

    protected abstract Task AssertSessionsEngineSettingsAsync(StackExchange.Redis.IConnectionMultiplexer sessions);

    protected abstract Task AssertCacheEngineSettingsAsync(StackExchange.Redis.IConnectionMultiplexer cache);

    protected async Task<string> ConnectionStringAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        return await App.GetConnectionStringAsync(resource, timeout.Token)
            ?? throw new InvalidOperationException($"{resource} has no connection string");
    }

    private async Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
        Assert.True(result.Success, result.Message);
        Assert.NotNull(result.Message);
        return result;
    }

    [GeneratedRegex(@"^127\.0\.0\.1:\d{2,5},password=[A-Za-z0-9]+$")]
    private static partial Regex ConnectionStringShape();
}

public sealed class RedisServerEngineTests(RedisServerAppHostFixture fixture) : EngineTests(fixture), IClassFixture<RedisServerAppHostFixture>
{
    protected override string ExpectedServerName => "server redis ";

    protected override string ExpectedEvictedKeys => "a number";

    protected override string ExpectedMemoryFigures(string resource) => resource == "sessions"
        ? "maxmemory none (0), maxmemory policy noeviction"
        : "maxmemory 256.00M, maxmemory policy allkeys-lru";

    protected override async Task AssertSessionsEngineSettingsAsync(StackExchange.Redis.IConnectionMultiplexer sessions)
    {
        Assert.Equal("noeviction", await RedisProbe.ConfigGetAsync(sessions, "maxmemory-policy"));
        Assert.Equal("everysec", await RedisProbe.ConfigGetAsync(sessions, "appendfsync"));
        var dataDirectory = Path.Combine(Fixture.DataDirectory, "redis-server", "sessions");
        Assert.Equal(dataDirectory, await RedisProbe.ConfigGetAsync(sessions, "dir"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
    }

    protected override async Task AssertCacheEngineSettingsAsync(StackExchange.Redis.IConnectionMultiplexer cache)
    {
        Assert.Equal("allkeys-lru", await RedisProbe.ConfigGetAsync(cache, "maxmemory-policy"));
        Assert.Equal((256L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), await RedisProbe.ConfigGetAsync(cache, "maxmemory"));
        Assert.Equal("", await RedisProbe.ConfigGetAsync(cache, "save"));
    }
}

/// <summary>
/// Garnet reports less through CONFIG GET and INFO than Redis does: no eviction policy, no maxmemory,
/// no evicted_keys. The tests check what it reports and that the AppHost does not invent the rest.
/// </summary>
public sealed class GarnetEngineTests(GarnetAppHostFixture fixture) : EngineTests(fixture), IClassFixture<GarnetAppHostFixture>
{
    protected override string ExpectedServerName => "server garnet ";

    protected override string ExpectedEvictedKeys => RedisDashboardCommands.NotReported;

    protected override string ExpectedMemoryFigures(string resource) =>
        $"maxmemory {RedisDashboardCommands.NotReported}, maxmemory policy {RedisDashboardCommands.NotReported}";

    protected override async Task AssertSessionsEngineSettingsAsync(StackExchange.Redis.IConnectionMultiplexer sessions)
    {
        // The AOF lives in the sessions data folder, which outlives the AppHost.
        var dataDirectory = Path.Combine(Fixture.DataDirectory, "garnet", "sessions");
        Assert.True(Directory.Exists(Path.Combine(dataDirectory, "AOF")), "Garnet wrote no AOF folder for sessions");

        // Lua is on: the session store runs scripts.
        var result = await sessions.GetDatabase().ScriptEvaluateAsync("return 'lua-on'");
        Assert.Equal("lua-on", (string?)result);
    }

    protected override async Task AssertCacheEngineSettingsAsync(StackExchange.Redis.IConnectionMultiplexer cache)
    {
        Assert.False(Directory.Exists(Path.Combine(Fixture.DataDirectory, "garnet", "cache")), "the cache must keep nothing on disk");
        var result = await cache.GetDatabase().ScriptEvaluateAsync("return 'lua-on'");
        Assert.Equal("lua-on", (string?)result);
    }
}
