using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>
/// Where a session cookie is read and written: the HttpContext in a request (<see cref="HttpSessionCookieJar"/>),
/// a test's stand-in for the browser, so a session can be built and committed without HTTP (<see cref="SessionFactory"/>).
/// </summary>
internal interface ISessionCookieJar
{
    /// <summary>The protected cookie value the request came with; null for none.</summary>
    string? RequestValue { get; }

    /// <summary>Runs <paramref name="apply"/> once, as the response starts (before anything is sent).</summary>
    void OnResponseStarting(Action apply);

    /// <summary>Sets the response's cookie to <paramref name="value"/>, or deletes the browser's for null.</summary>
    void Write(string? value);
}

/// <summary>
/// The one owner of a request's session cookie, like the built-in session's <c>SessionEstablisher</c>: it reads
/// the request's cookie (lazily: an untouched request never decrypts it), knows which id the browser holds as
/// the request goes on, and writes it to its <see cref="ISessionCookieJar"/> when the response starts, so the
/// browser ends up with the last id issued, or without the cookie once the session ended.
/// </summary>
internal sealed class SessionCookie(ISessionCookieJar jar, SessionCookieCodec codec, ILogger logger)
{
    private bool _resolved;
    private bool _registered;
    private string? _currentId;

    public bool CameWithCookie => jar.RequestValue is not null;

    /// <summary>The id the browser holds as of now: the cookie's (once verified) or the last one issued; null for none.</summary>
    /// <exception cref="SessionStoreUnavailableException">The key ring that verifies cookies is unavailable.</exception>
    public string? CurrentId()
    {
        if (!_resolved)
        {
            if (jar.RequestValue is { } value)
            {
                _currentId = codec.TryUnprotect(value, out var rejection);
                if (rejection is not null)
                {
                    SessionLog.CookieRejected(logger, rejection);
                }
            }

            _resolved = true;
        }

        return _currentId;
    }

    /// <summary>The session now lives under <paramref name="id"/>: the response carries its cookie.</summary>
    public void Issue(string id)
    {
        _resolved = true;
        _currentId = id;
        Register();
    }

    /// <summary>The session ended: the response deletes the browser's cookie, if it sent one.</summary>
    public void Delete()
    {
        _resolved = true;
        _currentId = null;
        if (CameWithCookie)
        {
            Register();
        }
    }

    private void Register()
    {
        if (!_registered)
        {
            _registered = true;
            jar.OnResponseStarting(Apply);
        }
    }

    private void Apply()
    {
        // An id issued and then ended by a request that came without a cookie leaves nothing to write.
        if (_currentId is not null || CameWithCookie)
        {
            jar.Write(_currentId is null ? null : codec.Protect(_currentId));
        }
    }
}
