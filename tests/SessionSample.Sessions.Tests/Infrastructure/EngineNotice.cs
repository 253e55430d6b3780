using Xunit.Abstractions;
using Xunit.Sdk;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Says once per run which Redis engine the suite uses, as an xunit diagnostic message: `dotnet test`
/// prints those at every verbosity (xunit.runner.json turns them on), unlike a test's own output.
/// </summary>
internal static class EngineNotice
{
    public static void Tell(IMessageSink sink) => TestRedis.AnnounceOnce(line => sink.OnMessage(new DiagnosticMessage(line)));
}
