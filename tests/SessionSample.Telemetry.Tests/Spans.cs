using System.Diagnostics;

namespace SessionSample.Telemetry.Tests;

internal static class Spans
{
    // The name of the store's ActivitySource and Meter, as an operator configuring an exporter would spell it.
    public const string SessionSource = "SessionSample.Sessions";

    /// <summary>
    /// A span that heads a trace in the dashboard's Traces list: nothing encloses it (no parent, or one in
    /// another process that sent its trace context).
    /// </summary>
    public static bool StartsATrace(this Activity span) => span.ParentSpanId == default || span.HasRemoteParent;

    public static bool IsRedis(this Activity span) => span.Source.Name == Microsoft.Extensions.Hosting.RedisTraceFilter.RedisActivitySourceName;

    /// <summary>The Redis spans directly under <paramref name="parent"/>.</summary>
    public static IEnumerable<Activity> RedisChildrenOf(this IEnumerable<Activity> spans, Activity parent) =>
        spans.Where(span => span.IsRedis() && span.TraceId == parent.TraceId && span.ParentSpanId == parent.SpanId);

    /// <summary>The store's span named <paramref name="name"/> in the trace of the server span for <paramref name="route"/>.</summary>
    public static Activity? SessionSpanUnder(this IReadOnlyList<Activity> spans, string route, string name)
    {
        var request = spans.FirstOrDefault(span => span.DisplayName == route && span.StartsATrace());
        return request is null
            ? null
            : spans.FirstOrDefault(span => span.Source.Name == SessionSource && span.OperationName == name && span.TraceId == request.TraceId);
    }
}
