using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// Sessions:EncryptValues: every value a session holds (a user key, a flash, a write-through, a counter, the data
/// SessionOffload parks) reaches Redis as ciphertext, in the hash, on the wire (MONITOR) and in the append-only
/// file, and reads back through the app. The same steps on an app with the default options are the control: the
/// plaintext shows in all three, so the checks can see it when it is there. redis-server, since Garnet has no MONITOR.
/// </summary>
public sealed class EncryptedAtRestTests : IsolatedRedis
{
    private readonly string _clientName = $"enc{Guid.NewGuid():N}";
    private RedisMonitor _monitor = null!;

    protected override RedisServerOptions Options => new() { Engine = RedisEngine.RedisServer, Persistent = true };

    protected override async Task StartedAsync() => _monitor = Own(await RedisMonitor.StartAsync(Redis, _clientName));

    [SkippableFact(typeof(MissingToolException))]
    public async Task With_EncryptValues_Redis_MONITOR_and_the_AOF_hold_ciphertext_only_and_the_app_reads_every_value()
    {
        var secret = $"secret{Guid.NewGuid():N}";
        // Added as an app adds it (AddValueEncryption), its settings bound from configuration (Sessions:Encryption).
        await using var app = await TestApp.StartAsync($"{Redis.ConnectionString},name={_clientName}", configureBuilder: builder =>
        {
            builder.Configuration["Sessions:Encryption:EncryptNewValues"] = "true";
            builder.AddRedisSessions().AddValueEncryption();
        });
        await app.WarmUpAsync();
        using var client = app.NewClient();

        var wire = await _monitor.CaptureAsync(() => WriteEverythingAsync(client, secret));

        var hash = await StoredValues.RawHashAsync(Redis.ConnectionString, app.SessionKey(client.Cookie!));
        var values = StoredValues.Values(hash).ToList();
        Assert.Equal(["card", "hits", "note", "parked"], values.Where(v => !v.Key.StartsWith('~')).Select(v => v.Key).Order());
        Assert.Single(values, v => SessionSchema.IsFlash(v.Key));
        Assert.All(values, value => Assert.True(SessionValueCodec.IsSealed(value.Value), $"{value.Key} is stored without encryption"));
        Assert.DoesNotContain(values, value => StoredValues.Text(value.Value).Contains(secret, StringComparison.Ordinal));
        Assert.NotEmpty(wire);
        Assert.DoesNotContain(wire, command => command.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, await AppendOnlyFileAsync(), StringComparison.Ordinal);
        await AssertReadsBackAsync(client, secret);
    }

    [SkippableFact(typeof(MissingToolException))]
    public async Task Off_by_default_the_same_values_are_plain_in_Redis_MONITOR_and_the_AOF()
    {
        var secret = $"secret{Guid.NewGuid():N}";
        await using var app = await TestApp.StartAsync($"{Redis.ConnectionString},name={_clientName}");
        await app.WarmUpAsync();
        using var client = app.NewClient();

        var wire = await _monitor.CaptureAsync(() => WriteEverythingAsync(client, secret));

        var hash = await StoredValues.RawHashAsync(Redis.ConnectionString, app.SessionKey(client.Cookie!));
        Assert.Equal(secret + "-card", StoredValues.Text(hash["card"]));
        Assert.Equal("2", StoredValues.Text(hash["hits"]));
        Assert.DoesNotContain(StoredValues.Values(hash), value => SessionValueCodec.IsSealed(value.Value));
        Assert.Contains(wire, command => command.Contains(secret + "-card", StringComparison.Ordinal));
        Assert.Contains(secret + "-parked", await AppendOnlyFileAsync(), StringComparison.Ordinal);
        await AssertReadsBackAsync(client, secret);
    }

    private static async Task WriteEverythingAsync(SessionClient client, string secret)
    {
        await client.PostJsonAsync<ValueView>($"/write/card?value={secret}-card");
        (await client.PostAsync($"/flash?message={secret}-flash")).Dispose();
        (await client.PostAsync($"/enc/set-now/note?value={secret}-note")).Dispose();
        await client.PostJsonAsync<CounterView>("/incr/hits");
        await client.PostJsonAsync<CounterView>("/incr/hits");
        using var parked = await client.PostAsync($"/enc/park/parked?value={secret}-parked");
        await SessionClient.EnsureSuccessAsync(parked);
    }

    private static async Task AssertReadsBackAsync(SessionClient client, string secret)
    {
        Assert.Equal(secret + "-card", (await client.GetJsonAsync<ValueView>("/read/card")).Value);
        Assert.Equal(secret + "-note", (await client.GetJsonAsync<ValueView>("/read/note")).Value);
        Assert.Equal("2", (await client.GetJsonAsync<ValueView>("/read/hits")).Value);
        Assert.Equal(3, (await client.PostJsonAsync<CounterView>("/incr/hits")).Value);
        Assert.Equal(new ParkedView("Found", secret + "-parked"), await client.GetJsonAsync<ParkedView>("/enc/fetch-text/parked"));
        Assert.Equal([secret + "-flash"], (await client.GetJsonAsync<FlashView>("/flashes")).Messages);
    }

    // appendfsync always: every write is in the file once its reply came. Read as Latin-1 so ASCII text is found wherever it sits.
    private async Task<string> AppendOnlyFileAsync()
    {
        var files = Directory.GetFiles(Redis.DataDirectory, "*.aof", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var text = new System.Text.StringBuilder();
        foreach (var file in files)
        {
            text.Append(StoredValues.Text(await File.ReadAllBytesAsync(file)));
        }

        return text.ToString();
    }
}
