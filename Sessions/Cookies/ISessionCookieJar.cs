namespace SessionSample.Sessions;

/// <summary>
/// Where a session cookie is read and written: the HttpContext in a request (<see cref="HttpSessionCookieJar"/>),
/// a dictionary in tests, so a session can be built and committed without HTTP (<see cref="SessionFactory"/>).
/// </summary>
internal interface ISessionCookieJar
{
    /// <summary>The protected cookie value the request came with; null for none.</summary>
    string? RequestValue { get; }

    /// <summary>Runs <paramref name="apply"/> once, as the response starts (before anything is sent).</summary>
    void OnResponseStarting(Action apply);

    void Append(string value);

    void Delete();
}
