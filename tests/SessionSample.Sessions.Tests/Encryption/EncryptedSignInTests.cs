using SessionSample.Sessions.Tests.Encryption;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.SignIn;

namespace SessionSample.Sessions.Tests.Encryption;

/// <summary>
/// With Sessions:EncryptValues "MONITOR and the AOF show ciphertext
/// only". A sign-in writes the user's name into the session's binding fields (~user, beside ~device), and those
/// skip the codec: who is signed in on which session is plain text in Redis and on the wire, though the API seals
/// the very same name when it stores it as a session value. The existing at-rest test leaves every "~" field out.
/// </summary>
public sealed class EncryptedSignInTests : IsolatedRedis
{
    private readonly string _clientName = $"encsign{Guid.NewGuid():N}";
    private RedisMonitor _monitor = null!;

    protected override RedisServerOptions Options => new() { Engine = RedisEngine.RedisServer };

    protected override async Task StartedAsync() => _monitor = Own(await RedisMonitor.StartAsync(Redis, _clientName));

    [SkippableFact(typeof(MissingToolException))]
    public async Task With_EncryptValues_the_signed_in_user_name_is_not_plain_text_in_the_session_or_on_the_wire()
    {
        var userName = $"secretuser{Guid.NewGuid():N}";
        await using var app = await UsersFixture.StartEncryptedAsync($"{Redis.ConnectionString},name={_clientName}");
        await app.WarmUpAsync();
        using var client = app.NewClient();

        var wire = await _monitor.CaptureAsync(async () => await client.PostJsonAsync<SignedInView>($"/users/sign-in/{userName}"));

        var hash = await StoredValues.RawHashAsync(Redis.ConnectionString, app.SessionKey(client.Cookie!));
        Assert.NotEmpty(hash);
        Assert.DoesNotContain(hash, field => StoredValues.Text(field.Value).Contains(userName, StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(wire);
        Assert.DoesNotContain(wire, command => command.Contains(userName, StringComparison.OrdinalIgnoreCase));
    }
}
