using System.Text.Json;
using Xunit.Abstractions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// The promise, checked on every exchange: never a 5xx (not even 503: Redis is up), problem+json for an API error,
/// an HTML page (or a redirect) from the web, a refusal where the rules refuse. Failures are gathered rather than
/// thrown at the first, so one run shows every broken route.
/// </summary>
internal sealed class Verdicts(ITestOutputHelper output)
{
    private readonly List<string> _failures = [];

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
        _failures.Add($"{why}: {exchange}");
    }

    /// <summary>Fails the test with every finding, after saying how many exchanges were checked.</summary>
    public void AssertNoFailures()
    {
        output.WriteLine($"{Exchanges} exchanges checked, {_failures.Count} failures.");

        Assert.True(_failures.Count == 0, $"{_failures.Count} of {Exchanges} exchanges broke the promise:\n" + string.Join("\n", _failures.Distinct().Take(40)));
    }

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
