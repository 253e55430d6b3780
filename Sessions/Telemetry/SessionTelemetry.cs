using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SessionSample.Sessions;

/// <summary>
/// The store's spans and metrics, both named <see cref="Name"/>. Ids appear only as the short hash
/// (<c>session.id_hash</c>): a raw id is a bearer credential. Span names (<c>session.load</c>,
/// <c>session.commit</c>...) and metric names (<c>sessionsample.session.*</c>) are this library's own;
/// OpenTelemetry has no semantic conventions for sessions.
/// </summary>
internal static class SessionTelemetry
{
    /// <summary>Name of both the ActivitySource and the Meter.</summary>
    public const string Name = "SessionSample.Sessions";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Loads =
        Meter.CreateCounter<long>("sessionsample.session.loads", "{load}", "Session loads by outcome (found, missing, gone).");

    internal static readonly Counter<long> Commits =
        Meter.CreateCounter<long>("sessionsample.session.commits", "{commit}", "Session writes by operation and outcome.");

    internal static readonly Histogram<long> Bytes =
        Meter.CreateHistogram<long>("sessionsample.session.bytes", "By", "Bytes read from or written to the session store per operation.");

    internal static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("sessionsample.session.duration", "s", "Duration of session store operations, retries included.");

    internal static readonly Counter<long> WritesRefused =
        Meter.CreateCounter<long>("sessionsample.session.writes_refused", "{write}", "Writes refused because another request ended or moved the session.");

    internal static readonly Counter<long> ChangesLost =
        Meter.CreateCounter<long>("sessionsample.session.changes_lost", "{change}", "Changes that could not be saved: fail-open, a failed request, or a failure after the response started.");

    internal static readonly Counter<long> LockWaits =
        Meter.CreateCounter<long>("sessionsample.session.lock.waits", "{wait}", "Requests that had to wait for a session lock.");

    internal static readonly Counter<long> LockTimeouts =
        Meter.CreateCounter<long>("sessionsample.session.lock.timeouts", "{timeout}", "Requests that gave up waiting for a session lock (423).");

    internal static readonly Counter<long> SizeLimitHits =
        Meter.CreateCounter<long>("sessionsample.session.size_limit_hits", "{hit}", "Writes above a soft (warned) or hard (refused) size limit.");

    internal static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("sessionsample.session.retries", "{retry}", "Session store calls retried because Redis never received them.");

    internal static readonly Counter<long> ValuesUnreadable =
        Meter.CreateCounter<long>("sessionsample.session.values_unreadable", "{value}", "Stored values that could not be decrypted (revoked or lost key) and read as absent.");

    internal static readonly Counter<long> OutageDecisions =
        Meter.CreateCounter<long>("sessionsample.session.outage_decisions", "{decision}", "Requests that met an unavailable session store, by policy.");

    internal static readonly Counter<long> Events =
        Meter.CreateCounter<long>("sessionsample.session.events", "{event}", "Session lifecycle events (created, signed_in, regenerated, ended) by event and end reason.");

    internal static Activity? Start(string name, string idHash, SessionOperation operation) =>
        ActivitySource.StartActivity(name, ActivityKind.Internal)?.SetTag("session.id_hash", idHash).SetTag("session.operation", operation.Tag());

    /// <summary>
    /// Each result its own outcome, its name in snake_case: a dashboard that counts conflicts must not find them among
    /// held locks. <see cref="ScriptResult.Locked"/> is "held", the word dashboards already count it by.
    /// </summary>
    internal static string OutcomeOf(ScriptResult result) => result == ScriptResult.Locked ? "held" : SnakeCase.Of(result);

    internal static void Loaded(Activity? activity, ScriptResult result, int fields, long bytes)
    {
        var outcome = result == ScriptResult.Ok ? "found" : OutcomeOf(result);
        Loads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (result == ScriptResult.Ok)
        {
            Bytes.Record(bytes, new KeyValuePair<string, object?>("direction", "read"));
        }

        activity?.SetTag("session.outcome", outcome).SetTag("session.fields_read", fields).SetTag("session.bytes", bytes);
    }

    internal static void Wrote(Activity? activity, SessionOperation operation, ScriptResult result, int set, int removed, long bytes)
    {
        var outcome = result == ScriptResult.Ok ? "written" : OutcomeOf(result);
        Commits.Add(1, new KeyValuePair<string, object?>("operation", operation.Tag()), new KeyValuePair<string, object?>("outcome", outcome));
        if (result == ScriptResult.Ok && bytes > 0)
        {
            Bytes.Record(bytes, new KeyValuePair<string, object?>("direction", "write"));
        }

        activity?.SetTag("session.outcome", outcome).SetTag("session.fields_written", set).SetTag("session.fields_removed", removed).SetTag("session.bytes", bytes);
    }

    internal static void Failed(Activity? activity, string outcome, string description) =>
        activity?.SetStatus(ActivityStatusCode.Error, description).SetTag("session.outcome", outcome);

    internal static void Measured(SessionOperation operation, string outcome, TimeSpan elapsed) =>
        Duration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation.Tag()),
            new KeyValuePair<string, object?>("outcome", outcome));
}
