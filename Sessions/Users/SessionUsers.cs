using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SessionSample.Sessions;

// PLACEHOLDER (helper C, wip/web): the signature helper A's store work provides; the lead drops this file at merge.
public static class SessionUsers
{
    public static ISessionUsers Create(IConnectionMultiplexer redis, RedisSessionOptions options, ILoggerFactory? loggerFactory = null) =>
        throw new NotImplementedException("SessionUsers.Create comes with the per-user index (wip/users).");
}
