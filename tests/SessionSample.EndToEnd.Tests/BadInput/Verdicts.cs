using System.Text.Json;
using Xunit.Abstractions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// The promise, checked on every exchange: never a 5xx (not even 503: Redis is up), problem+json for an API error,
/// an HTML page (or a redirect) from the web, a refusal where the rules refuse. Failures are gathered rather than
/// thrown at the first, so one run shows every broken route; known defects are set apart (<see cref="ExcuseKnownDefect"/>).
/// </summary>
internal sealed partial class Verdicts(ITestOutputHelper output)
{
    private readonly List<string> _failures = [];
    private readonly List<string> _known = [];
    private readonly List<Exchange> _earlier = [];

    public int Exchanges { get; private set; }

    public void CheckApi(Exchange exchange)
    {
        Exchanges++;
        if (IsRefusedBeforeTheApp(exchange))
        {
            return;
        }

        if (exchange.Status >= 500)
        {
            Fail(exchange, "a server error");
        }
        else if (exchange.Status >= 400 && !IsProblem(exchange))
        {
            Fail(exchange, "an API error that is not problem+json with its status");
        }
        else if (exchange.Probe.Expect == Expect.Refusal && exchange.Status < 400)
        {
            Fail(exchange, "accepted what the rules refuse");
        }
    }

    public void CheckWeb(Exchange exchange)
    {
        Exchanges++;
        if (IsRefusedBeforeTheApp(exchange))
        {
            return;
        }

        if (exchange.Status >= 500)
        {
            Fail(exchange, "a server error");
        }
        else if (exchange.Status is >= 300 and < 400)
        {
            if (exchange.Probe.Expect == Expect.Refusal)
            {
                Fail(exchange, "redirected as for a success what the rules refuse");
            }
            else if (exchange.Location is null)
            {
                Fail(exchange, "a redirect without a Location");
            }
        }
        else if (exchange.ContentType != "text/html" || !exchange.Body.Contains("</html>", StringComparison.Ordinal))
        {
            Fail(exchange, "not the app's HTML page");
        }
    }

    /// <summary>A finding of a read-back (the session after a batch), which has no exchange of its own to blame.</summary>
    public void Fail(Exchange exchange, string why)
    {
        string? defect = null;
        ExcuseKnownDefect(exchange, why, _earlier, ref defect);
        var line = $"{why}: {exchange}";
        if (defect is { } number)
        {
            _known.Add($"known defect {number}, {line}");
        }
        else
        {
            _failures.Add(line);
        }
    }

    /// <summary>Remembered for the known defects that an earlier request of the batch sets off (<see cref="ExcuseKnownDefect"/>).</summary>
    public void Remember(Exchange exchange) => _earlier.Add(exchange);

    /// <summary>Fails the test with every finding; known defects only go to the test output.</summary>
    public void AssertNoFailures()
    {
        output.WriteLine($"{Exchanges} exchanges checked; {_known.Count} known defects seen, {_failures.Count} failures.");
        foreach (var line in _known.Distinct().Take(40))
        {
            output.WriteLine(line);
        }

        Assert.True(_failures.Count == 0, $"{_failures.Count} of {Exchanges} exchanges broke the promise:\n" + string.Join("\n", _failures.Distinct().Take(40)));
    }

    /// <summary>
    /// Sets <paramref name="defect"/> to the name (issue 21's number) of a known defect that explains the finding.
    /// Implemented in KnownDefects.cs only while those defects are being fixed: deleting that file makes every
    /// finding a failure again, with nothing else to change.
    /// </summary>
    static partial void ExcuseKnownDefect(Exchange exchange, string why, IReadOnlyList<Exchange> earlier, ref string? defect);

    /// <summary>
    /// Kestrel answers a NUL in the path (400) or a request line past its 8 KB (414) itself, before any middleware
    /// runs: no app can put a problem or a page in that answer, and nothing reached the session.
    /// </summary>
    private static bool IsRefusedBeforeTheApp(Exchange exchange) =>
        exchange.Body.Length == 0 && exchange.ContentType is null
        && (exchange.Status == 400 && exchange.Probe.Path.Contains("%00", StringComparison.Ordinal)
            || exchange.Status == 414 && exchange.Probe.Path.Length > 8 * 1024);

    private static bool IsProblem(Exchange exchange)
    {
        if (exchange.ContentType != "application/problem+json")
        {
            return false;
        }

        try
        {
            using var problem = JsonDocument.Parse(exchange.Body);
            return problem.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) && code == exchange.Status;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
