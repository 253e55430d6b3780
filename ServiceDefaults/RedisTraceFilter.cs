using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Drops the spans of Redis commands that no other span encloses, so they never reach an exporter; Redis
/// commands issued under a request or a traced operation (the session store's <c>session.load</c>,
/// <c>session.commit</c>...) keep their spans, nested where they belong.
/// <para>
/// Why filter rather than nest the startup work under one <c>session.startup</c> span: a Redis command without a
/// parent is always background work, and the session store's script preload is only one source of it. The
/// others are the Data Protection key ring (read and written at startup and at every refresh), health-check
/// PINGs whenever a probe is not itself traced, and anything a hosted service sends. Each one would be a
/// single-span trace of its own in the dashboard's Traces list (an app start alone makes a dozen); a startup
/// span would gather only the preload and still add one trace per start.
/// </para>
/// <para>
/// Why here, in ServiceDefaults: this is where the Redis connections, and with them Aspire's Redis tracing, are
/// registered, so this is where what that tracing exports is decided. The session library, meant to ship as a
/// package, must not remove spans it did not make.
/// </para>
/// <para>
/// How: Aspire.StackExchange.Redis 13.6 carries its own copy of the StackExchange.Redis instrumentation, whose
/// options (and their Filter) are internal, so the filter is a processor. Like the ASP.NET Core instrumentation's
/// own Filter does for <c>/health</c>, it marks the span as not recorded when it starts; the SDK then calls no
/// processor's OnEnd for it and no exporter sees it.
/// </para>
/// </summary>
public sealed class RedisTraceFilter : BaseProcessor<Activity>
{
    /// <summary>The ActivitySource of the Redis instrumentation Aspire.StackExchange.Redis registers.</summary>
    public const string RedisActivitySourceName = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    public override void OnStart(Activity data)
    {
        if (data.ParentSpanId == default && data.Source.Name == RedisActivitySourceName)
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
