using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// A key rotation (a new default key in the shared ring, the old one still in it) changes which key new values
/// are sealed with, and every value written before it still reads, on the app that rotated and on a fresh one.
/// </summary>
public sealed class KeyRotationTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task Values_sealed_before_a_key_rotation_read_after_it_and_new_values_use_the_new_key()
    {
        var keyPrefix = $"rotate{Guid.NewGuid():N}:session:";
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: keyPrefix, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        await app.WarmUpAsync();
        using var client = app.NewClient();
        await client.PostJsonAsync<ValueView>("/write/before?value=old-key");
        var key = app.SessionKey(client.Cookie!);
        var oldKeyId = StoredValues.KeyIdOf((await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, key))["before"]);

        // What the key manager does on its own every 90 days, now: the new key is the default at once, the old one stays in the ring.
        var now = DateTimeOffset.UtcNow;
        var newKey = app.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));

        // Data Protection refreshes its cached ring in the background: a write or two may still use the old key.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        Dictionary<string, byte[]> hash;
        do
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "30 s after the rotation new values are still sealed with the old key");
            await client.PostJsonAsync<ValueView>("/write/after?value=new-key");
            hash = await StoredValues.RawHashAsync(servers.Sessions.ConnectionString, key);
        }
        while (StoredValues.KeyIdOf(hash["after"]) != newKey.KeyId);

        Assert.Equal(oldKeyId, StoredValues.KeyIdOf(hash["before"]));
        Assert.NotEqual(oldKeyId, newKey.KeyId);
        Assert.Equal("old-key", (await client.GetJsonAsync<ValueView>("/read/before")).Value);

        // A replica started after the rotation knows the ring only from Redis.
        await using var fresh = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: keyPrefix, configureBuilder: builder => builder.AddRedisSessions().AddValueEncryption());
        using var elsewhere = client.Copy(fresh.Address);
        var view = await elsewhere.GetJsonAsync<SessionView>("/read");
        Assert.Equal("old-key", view.Values["before"]);
        Assert.Equal("new-key", view.Values["after"]);
    }
}
