using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace SessionSample.Sessions.Users;

/// <summary>An <see cref="ISessionUsers"/> for code outside the apps' DI, such as the AppHost's dashboard commands.</summary>
public static class SessionUsers
{
    /// <summary>
    /// The users' sessions in the store <paramref name="redis"/> connects to, with the apps' key prefix, idle
    /// timeout and cap (<paramref name="options"/>). Events it causes are logged and counted, with no handlers.
    /// </summary>
    public static ISessionUsers Create(IConnectionMultiplexer redis, RedisSessionOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SessionStore>();
        // The index and the metadata only, never a value: no key ring is needed, and none is loaded (a value
        // this store read would be unreadable, never wrongly decrypted; it writes none).
        var store = new SessionStore(redis, Microsoft.Extensions.Options.Options.Create(options), SessionValueCodec.Identity, TimeProvider.System, logger, []);
        return new SessionSignIn(store).Users;
    }
}
