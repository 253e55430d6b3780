using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Logs the sessions Redis going away and coming back when the client notices, not only when a request needs it:
/// a request that does not read its session within the slide interval sends nothing, so an outage would otherwise
/// go unseen (aspnetcore's session logs its failed refresh on every such request). Once per endpoint and outage:
/// the client's failed reconnects in between are not news.
/// </summary>
internal static class RedisConnectionLog
{
    public static void Watch(IConnectionMultiplexer redis, ILogger logger)
    {
        var down = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        redis.ConnectionFailed += (_, failure) =>
        {
            if (failure.ConnectionType == ConnectionType.Interactive && down.TryAdd(Name(failure.EndPoint), true))
            {
                SessionLog.ConnectionFailed(logger, Name(failure.EndPoint), failure.FailureType, failure.Exception);
            }
        };
        redis.ConnectionRestored += (_, restored) =>
        {
            if (restored.ConnectionType == ConnectionType.Interactive && down.TryRemove(Name(restored.EndPoint), out bool _))
            {
                SessionLog.ConnectionRestored(logger, Name(restored.EndPoint));
            }
        };
    }

    private static string Name(EndPoint? endPoint) => EndPointCollection.ToString(endPoint);
}
