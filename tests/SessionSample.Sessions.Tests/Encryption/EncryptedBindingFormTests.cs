using System.Text;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.SignIn;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// With value encryption, a sign-in writes its binding in one form whichever way it is written: bind.lua for a browser
/// with no stored session, or a move's copy for one that has a session. The user is the marker, the user's handle, a line
/// feed and the sealed name; the device is sealed; both read back (the binding check, the list of devices).
/// </summary>
public sealed class EncryptedBindingFormTests : IsolatedRedis
{
    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    protected override RedisServerOptions Options => new() { Engine = RedisEngine.RedisServer };

    [SkippableTheory(typeof(MissingToolException))]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_binding_is_sealed_the_same_way_by_bind_and_by_a_moves_copy(bool storedFirst)
    {
        var userName = $"bound{Guid.NewGuid():N}";
        await using var app = await UsersFixture.StartEncryptedAsync(Redis.ConnectionString);
        await app.WarmUpAsync();
        using var client = app.NewClient();
        client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        if (storedFirst)
        {
            await client.PostJsonAsync<ValueView>("/write/a?value=1");
        }

        await client.PostJsonAsync<SignedInView>($"/users/sign-in/{userName}");

        var hash = await StoredValues.RawHashAsync(Redis.ConnectionString, app.SessionKey(client.Cookie!));
        Assert.Equal(storedFirst, hash.ContainsKey("a"));
        byte[] userPrefix = [0xFF, (byte)'u', .. Encoding.ASCII.GetBytes(SessionSchema.UserHandleOf(userName) + "\n")];
        Assert.True(hash[SessionSchema.UserField].AsSpan().StartsWith(userPrefix), $"~user is {StoredValues.Text(hash[SessionSchema.UserField])}");
        Assert.True(hash[SessionSchema.DeviceField].AsSpan().StartsWith(SessionValueCodec.Marker), $"~device is {StoredValues.Text(hash[SessionSchema.DeviceField])}");
        Assert.Equal(userName, (await client.GetJsonAsync<SignedInView>("/users/me")).UserName);
        var listed = Assert.Single(await client.GetJsonAsync<List<ListedSession>>("/users/sessions"));
        Assert.Equal(DeviceSummary.Of(UserAgent), listed.Device);
        Assert.NotEqual(string.Empty, listed.Device);
    }
}
