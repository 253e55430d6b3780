using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>One redis-server shared by a class of parity scenarios; each host uses its own key prefix.</summary>
public sealed class ParityRedisFixture : IsolatedRedis;
