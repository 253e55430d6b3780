namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>What a bad request may get back besides "no 5xx".</summary>
internal enum Expect
{
    /// <summary>Any clear answer: the input may be fine for this endpoint (a flash with a control character is still a message).</summary>
    Anything,

    /// <summary>The rules refuse it: a 4xx from the API; from a page, its own page again (200 or 4xx), never the redirect of success.</summary>
    Refusal,
}

/// <summary>One bad request: which kind of input, where it goes, what it carries and what it may get.</summary>
/// <param name="Input">The bad text it carries, if any (what <see cref="Verdicts"/> matches known defects on).</param>
/// <param name="ExtraCookies">Sent after the client's own cookies: a second session cookie, for instance.</param>
/// <param name="EndsSession">A sign-out: on success the session is meant to be gone, not lost.</param>
internal sealed record Probe(
    string Kind,
    string What,
    HttpMethod Method,
    string Path,
    BadBody? Body = null,
    Expect Expect = Expect.Refusal,
    string? Input = null,
    string? ExtraCookies = null,
    bool EndsSession = false)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body.Bytes);
            if (Body.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", Body.ContentType);
            }
        }

        if (ExtraCookies is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", ExtraCookies);
        }

        return request;
    }

    public override string ToString() =>
        $"[{Kind}] {What}: {Method} {(Path.Length > 160 ? Path[..160] + "…" : Path)}{(Body is null ? "" : " with " + Body)}{(ExtraCookies is null ? "" : " + Cookie: " + ExtraCookies)}";
}

/// <summary>A probe and what came back.</summary>
internal sealed record Exchange(Probe Probe, int Status, string? ContentType, string Body, string? Location)
{
    public static async Task<Exchange> ReadAsync(Probe probe, HttpResponseMessage response) => new(
        probe,
        (int)response.StatusCode,
        response.Content.Headers.ContentType?.MediaType,
        await response.Content.ReadAsStringAsync(),
        response.Headers.Location?.OriginalString);

    public override string ToString() =>
        $"{Probe} -> {Status} {ContentType ?? "(no content type)"} {BadBody.Shown(Body.Length > 300 ? Body[..300] : Body)}";
}
