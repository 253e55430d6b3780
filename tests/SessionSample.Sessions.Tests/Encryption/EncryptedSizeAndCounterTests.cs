using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// With encryption the size guard counts what Redis stores (the ciphertext, longer than the value), and a counter
/// stays an exact, race-free counter though HINCRBY cannot add to ciphertext; counters stored before encryption
/// was turned on (or after it was turned off) keep counting.
/// </summary>
public sealed class EncryptedSizeAndCounterTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    // A 200-byte value fits the limit in plain text; sealed (marker, header, key id, IV, MAC, padding) it does not.
    private const int HardValueBytes = 250;

    [Fact]
    public async Task A_value_that_fits_in_plain_text_but_not_encrypted_is_refused_on_every_write_path()
    {
        await using var plain = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: Limit);
        await using var encrypted = await TestApp.StartAsync(servers.Sessions.ConnectionString, configure: Limit, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        await encrypted.WarmUpAsync();
        var value = new string('v', 200);

        using (var client = plain.NewClient())
        {
            await client.PostJsonAsync<ValueView>($"/write/big?value={value}");
            Assert.Equal(value, (await client.GetJsonAsync<ValueView>("/read/big")).Value);
        }

        using var sealedClient = encrypted.NewClient();
        await sealedClient.PostJsonAsync<ValueView>("/write/seed?value=1");
        foreach (var path in new[] { $"/write/big?value={value}", $"/enc/set-now/big?value={value}", $"/flash?message={value}" })
        {
            using var response = await sealedClient.PostAsync(path);
            await TestHttp.SingleProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        }

        var hash = await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, encrypted.SessionKey(sealedClient.Cookie!));
        Assert.False(hash.ContainsKey("big"));
    }

    [Fact]
    public async Task The_session_size_Redis_counts_is_the_size_of_the_stored_ciphertext()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/a?value=alpha");
        (await client.PostAsync("/enc/set-now/b?value=beta")).Dispose();
        await client.PostJsonAsync<CounterView>("/incr/c");
        (await client.PostAsync("/flash?message=hello")).Dispose();

        var hash = await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, app.SessionKey(client.Cookie!));
        var stored = StoredValues.Values(hash).Sum(entry => (long)System.Text.Encoding.UTF8.GetByteCount(entry.Key) + entry.Value.Length);
        Assert.Equal(stored.ToString(System.Globalization.CultureInfo.InvariantCulture), StoredValues.Text(hash[SessionSchema.BytesField]));
        Assert.True(stored > 4 * 60, $"{stored} bytes for four sealed values: the count is of the plaintext");
    }

    [Fact]
    public async Task Concurrent_increments_of_an_encrypted_counter_lose_none_and_store_ciphertext()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/seed?value=1");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Copy().PostJsonAsync<CounterView>("/incr/n")));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), results.Select(r => r.Value).Order());
        var stored = (await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, app.SessionKey(client.Cookie!)))["n"];
        Assert.True(SessionValueCodec.IsSealed(stored));
        Assert.Equal("20", (await client.GetJsonAsync<ValueView>("/read/n")).Value);
    }

    [Fact]
    public async Task A_counter_keeps_counting_when_encryption_is_turned_on_and_off_under_it()
    {
        var keyPrefix = $"toggle{Guid.NewGuid():N}:session:";
        // Encryption turned off under live sessions: the module stays, new values are stored as they are.
        await using var plain = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: keyPrefix, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption(options => options.EncryptNewValues = false));
        await using var encrypted = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: keyPrefix, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        await encrypted.WarmUpAsync();
        using var client = plain.NewClient();
        await client.PostJsonAsync<CounterView>("/incr/n?by=40");
        using var sealedClient = client.Copy(encrypted.Address);
        var key = plain.SessionKey(client.Cookie!);

        Assert.Equal(41, (await sealedClient.PostJsonAsync<CounterView>("/incr/n")).Value);
        Assert.True(SessionValueCodec.IsSealed((await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, key))["n"]));
        Assert.Equal(42, (await client.PostJsonAsync<CounterView>("/incr/n")).Value);
        Assert.Equal("42", StoredValues.Text((await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, key))["n"]));
    }

    private static void Limit(RedisSessionOptions options)
    {
        options.HardValueBytes = HardValueBytes;
        options.SoftValueBytes = HardValueBytes;
    }
}
