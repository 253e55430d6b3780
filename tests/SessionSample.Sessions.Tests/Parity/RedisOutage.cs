using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>How Redis becomes unavailable in an outage scenario.</summary>
public enum OutageKind
{
    /// <summary>redis-server is killed (SIGKILL): connections drop and new ones are refused at once.</summary>
    Killed,

    /// <summary>A proxy in front of it stops forwarding: commands are sent and never answered (a timeout).</summary>
    Stalled,
}

/// <summary>
/// A redis-server of its own (it gets killed) and, for <see cref="OutageKind.Stalled"/>, a stalling proxy
/// in front of it. These replace the in-memory "unreliable cache" of ASP.NET Core's own tests.
/// </summary>
public sealed class RedisOutage : IAsyncDisposable
{
    private readonly StallingProxy? _proxy;

    private RedisOutage(OutageKind kind, RedisServerProcess redis, StallingProxy? proxy)
    {
        Kind = kind;
        Redis = redis;
        _proxy = proxy;
    }

    public OutageKind Kind { get; }

    public RedisServerProcess Redis { get; }

    /// <summary>The port the app must connect to: the proxy's when there is one.</summary>
    public int AppPort => _proxy?.Port ?? Redis.Port;

    public static async Task<RedisOutage> StartAsync(OutageKind kind)
    {
        var redis = await RedisServerProcess.StartAsync();
        return new RedisOutage(kind, redis, kind == OutageKind.Stalled ? StallingProxy.Start(redis.Port) : null);
    }

    public Task<ParityHost> StartHostAsync(SessionImplementation implementation, Microsoft.AspNetCore.Http.RequestDelegate handler, Action<ParityHostOptions>? configure = null) =>
        ParityHost.StartAsync(implementation, Redis, handler, configure, AppPort);

    /// <summary>Makes Redis unavailable to the app, the way <see cref="Kind"/> says.</summary>
    public async Task BreakAsync()
    {
        if (_proxy is not null)
        {
            _proxy.Stall();
        }
        else
        {
            await Redis.KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
