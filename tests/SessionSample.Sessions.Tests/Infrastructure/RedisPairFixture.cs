using Xunit.Abstractions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Two servers like the product's resources, <c>sessions</c> and <c>cache</c>, on the suite's engine.</summary>
public sealed class RedisPairFixture(IMessageSink diagnostics) : IsolatedRedis(diagnostics)
{
    private RedisServerProcess? _cache;

    public RedisServerProcess Sessions => Redis;

    public RedisServerProcess Cache => _cache ?? throw new InvalidOperationException("The cache server did not start.");

    protected override async Task StartedAsync() => _cache = Own(await RedisServerProcess.StartAsync());
}
