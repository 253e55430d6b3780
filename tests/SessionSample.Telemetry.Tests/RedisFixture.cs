using Xunit.Abstractions;
using Xunit.Sdk;

namespace SessionSample.Telemetry.Tests;

/// <summary>One server, on the suite's engine, that plays both of the apps' Redis resources (sessions and cache).</summary>
public sealed class RedisFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("Redis did not start.");

    public async Task InitializeAsync()
    {
        TestRedis.AnnounceOnce(line => diagnostics.OnMessage(new DiagnosticMessage(line)));
        _server = await RedisServerProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
