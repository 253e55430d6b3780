using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace SessionSample.Testing;

/// <summary>What a <see cref="SessionWriteDrill"/> saw: how the store failed around the fault and what it lost.</summary>
public sealed record DrillReport(
    int Requests,
    int Failed,
    TimeSpan FailureWindow,
    TimeSpan Recovery,
    int AcknowledgedWrites,
    int LostWrites,
    int SessionsLost,
    TimeSpan LastLossBeforeFault,
    int Unavailable,
    int Errors,
    string? FirstError)
{
    public string Describe() =>
        $"{Requests} requests, {Failed} failed over {FailureWindow.TotalSeconds:0.00} s ({Unavailable} answered 503 problem+json, {Errors} anything else{(FirstError is null ? string.Empty : $", first: {FirstError}")}), " +
        $"every client writing again {Recovery.TotalSeconds:0.00} s after the fault; " +
        $"{LostWrites} of {AcknowledgedWrites} acknowledged writes lost ({SessionsLost} sessions), the latest acknowledged {LastLossBeforeFault.TotalMilliseconds:0} ms before the fault";
}

/// <summary>How a drill writes one key to a session, and reads back which keys the session holds.</summary>
/// <param name="Write">The request that writes the <c>i</c>th key, and the key as the session stores it.</param>
/// <param name="KeysPath">A GET that answers the session's keys as JSON.</param>
/// <param name="KeysOf">The keys in that JSON.</param>
/// <param name="ReadPath">A GET that reads the session, sent after each write when set (a load of reads and writes).</param>
public sealed record DrillEndpoints(
    Func<int, (HttpMethod Method, string Path, string Key)> Write,
    string KeysPath,
    Func<JsonElement, IEnumerable<string>> KeysOf,
    string? ReadPath = null);

/// <summary>
/// Clients writing sessions at a steady rate while a fault strikes the store (a primary killed, a server
/// killed and restarted). Each client writes a new key per request to its own session (a blind write: one
/// command) and keeps every write the app acknowledged; afterwards every session is read back and each
/// acknowledged key it lacks is a lost write. Requests answer 5xx while the store cannot serve; the drill
/// measures how many, for how long, and how long until writes succeed again, without restarting the apps.
/// A failure the apps answer as they should during an outage is a 503 problem+json; anything else (a 500, a
/// dropped connection) is counted apart as an error.
/// The apps' endpoints are the caller's (<see cref="DrillEndpoints"/>): the store's test app and the bench's app differ.
/// </summary>
public static class SessionWriteDrill
{
    public static async Task<DrillReport> RunAsync(
        IReadOnlyList<Uri> apps, DrillEndpoints endpoints, Func<Task> fault, int clients = 8, TimeSpan? before = null, TimeSpan? after = null, TimeSpan? interval = null)
    {
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, clients).Select(i => new Writer(new SessionClient(apps[i % apps.Count]), endpoints)).ToList();
        var running = writers.Select(writer => writer.RunAsync(clock, pause, stop.Token)).ToList();

        await Task.Delay(before ?? TimeSpan.FromSeconds(2));
        var faultAt = clock.Elapsed;
        await fault();
        await Task.Delay(after ?? TimeSpan.FromSeconds(5));
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        while (!writers.All(writer => writer.SucceededSince(faultAt + TimeSpan.FromMilliseconds(1))) && clock.Elapsed < deadline)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Task.WhenAll(running);

        var failures = writers.SelectMany(writer => writer.Failures).Order().ToList();
        var lost = new List<TimeSpan>();
        var sessionsLost = 0;
        foreach (var writer in writers)
        {
            var missing = await writer.MissingAsync();
            lost.AddRange(missing);
            sessionsLost += writer.SessionsReplaced;
            writer.Dispose();
        }

        // For each client that failed, its first success after its last failure: when it was writing again.
        var writingAgain = writers.Where(writer => writer.Failures.Count > 0)
            .Select(writer => writer.FirstSuccessAfter(writer.Failures[^1]) ?? clock.Elapsed)
            .DefaultIfEmpty(faultAt)
            .Max();
        return new DrillReport(
            writers.Sum(writer => writer.Requests),
            failures.Count,
            failures.Count == 0 ? TimeSpan.Zero : failures[^1] - failures[0],
            writingAgain - faultAt,
            writers.Sum(writer => writer.Acknowledged.Count),
            lost.Count,
            sessionsLost,
            lost.Count == 0 ? TimeSpan.Zero : faultAt - lost.Min(),
            writers.Sum(writer => writer.Unavailable),
            writers.Sum(writer => writer.Errors.Count),
            writers.SelectMany(writer => writer.Errors).FirstOrDefault());
    }

    private sealed class Writer(SessionClient client, DrillEndpoints endpoints) : IDisposable
    {
        private readonly List<TimeSpan> _successes = [];

        public int Requests { get; private set; }

        public List<TimeSpan> Failures { get; } = [];

        /// <summary>Failures answered 503 problem+json: the store unavailable, as it should be said.</summary>
        public int Unavailable { get; private set; }

        /// <summary>Every other failure, described (status, request, body).</summary>
        public List<string> Errors { get; } = [];

        /// <summary>Acknowledged keys of the session the client holds now, with when they were acknowledged.</summary>
        public Dictionary<string, TimeSpan> Acknowledged { get; } = [];

        /// <summary>Acknowledged keys lost with a whole session (the app handed out a new one).</summary>
        public List<TimeSpan> LostWithSessions { get; } = [];

        public int SessionsReplaced { get; private set; }

        public async Task RunAsync(Stopwatch clock, TimeSpan pause, CancellationToken stop)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var cookie = client.Cookie;
                var (method, path, key) = endpoints.Write(i);
                if (await SendAsync(clock, method, path))
                {
                    if (cookie is not null && client.Cookie != cookie)
                    {
                        // The store lost the session and the write started a new one: all it held is gone.
                        SessionsReplaced++;
                        LostWithSessions.AddRange(Acknowledged.Values);
                        Acknowledged.Clear();
                    }

                    Acknowledged[key] = clock.Elapsed;
                    _successes.Add(clock.Elapsed);
                }

                if (endpoints.ReadPath is { } read)
                {
                    await SendAsync(clock, HttpMethod.Get, read);
                }

                try
                {
                    await Task.Delay(pause, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Sends one request; false (and the failure recorded) unless it succeeded.</summary>
        private async Task<bool> SendAsync(Stopwatch clock, HttpMethod method, string path)
        {
            Requests++;
            try
            {
                using var response = await client.SendAsync(method, path);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                Failures.Add(clock.Elapsed);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                {
                    Unavailable++;
                }
                else
                {
                    Errors.Add($"{(int)response.StatusCode} on {method} {path}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException exception)
            {
                Failures.Add(clock.Elapsed);
                Errors.Add($"{method} {path}: {exception.Message}");
            }

            return false;
        }

        public bool SucceededSince(TimeSpan since) => _successes.Count > 0 && _successes[^1] >= since;

        public TimeSpan? FirstSuccessAfter(TimeSpan since)
        {
            foreach (var success in _successes)
            {
                if (success > since)
                {
                    return success;
                }
            }

            return null;
        }

        public async Task<List<TimeSpan>> MissingAsync()
        {
            // A store just back may still refuse a request now and then (the breaker's half-open probe): the
            // read-back asks again for up to 15 s, since what is measured is what was kept, not the recovery.
            var waited = Stopwatch.StartNew();
            var response = await client.GetAsync(endpoints.KeysPath);
            while (response.StatusCode == HttpStatusCode.ServiceUnavailable && waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                response.Dispose();
                await Task.Delay(200);
                response = await client.GetAsync(endpoints.KeysPath);
            }

            using var view = await ReadViewAsync(response);
            var stored = endpoints.KeysOf(view.RootElement).ToHashSet(StringComparer.Ordinal);
            var missing = Acknowledged.Where(write => !stored.Contains(write.Key)).Select(write => write.Value).ToList();
            missing.AddRange(LostWithSessions);
            return missing;
        }

        private static async Task<JsonDocument> ReadViewAsync(HttpResponseMessage response)
        {
            using (response)
            {
                await SessionClient.EnsureSuccessAsync(response);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            }
        }

        public void Dispose() => client.Dispose();
    }
}
