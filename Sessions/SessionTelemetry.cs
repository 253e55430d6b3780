using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SessionSample.Sessions;

/// <summary>
/// The session store's spans and metrics. Ids appear only as <see cref="SessionIdHash"/> (a short
/// SHA-256 prefix): a raw id is a bearer credential.
/// </summary>
public static class SessionTelemetry
{
    /// <summary>Name of both the ActivitySource and the Meter.</summary>
    public const string Name = "SessionSample.Sessions";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Loads =
        Meter.CreateCounter<long>("sessionsample.session.loads", "{load}", "Session loads by outcome (found, missing, failed).");

    internal static readonly Counter<long> Commits =
        Meter.CreateCounter<long>("sessionsample.session.commits", "{commit}", "Session writes by operation and outcome.");

    internal static readonly Histogram<long> Bytes =
        Meter.CreateHistogram<long>("sessionsample.session.bytes", "By", "Bytes read from or written to the session store per operation.");

    internal static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("sessionsample.session.duration", "s", "Duration of session store operations, retries included.");

    internal static readonly Counter<long> StaleCommitsDropped =
        Meter.CreateCounter<long>("sessionsample.session.stale_commits_dropped", "{commit}", "Writes dropped because the session was deleted or renamed meanwhile.");

    internal static readonly Counter<long> LockWaits =
        Meter.CreateCounter<long>("sessionsample.session.lock.waits", "{wait}", "Requests that had to wait for a session lock.");

    internal static readonly Counter<long> LockTimeouts =
        Meter.CreateCounter<long>("sessionsample.session.lock.timeouts", "{timeout}", "Requests that gave up waiting for a session lock (423).");

    internal static readonly Counter<long> SizeLimitHits =
        Meter.CreateCounter<long>("sessionsample.session.size_limit_hits", "{hit}", "Writes above a soft (warned) or hard (refused) size limit.");

    internal static readonly Counter<long> Retries =
        Meter.CreateCounter<long>("sessionsample.session.retries", "{retry}", "Session store calls retried after a transient failure.");

    internal static readonly Counter<long> OutageDecisions =
        Meter.CreateCounter<long>("sessionsample.session.outage_decisions", "{decision}", "Requests that met an unavailable session store, by policy.");
}
