using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions;

/// <summary>What the response does with the session cookie.</summary>
internal enum CookieDecision
{
    None,
    Issue,
    Delete,
}

/// <summary>
/// The one owner of a request's session cookie, like the built-in session's <c>SessionEstablisher</c>: it reads
/// the request's cookie (lazily: an untouched request never decrypts it), knows which id the browser holds as
/// the request goes on, and writes the decision (issue, delete or none) to its <see cref="ISessionCookieJar"/>
/// when the response starts, so the last decision of the request is the one sent.
/// </summary>
internal sealed class SessionCookie(ISessionCookieJar jar, SessionCookieCodec codec, ILogger logger)
{
    private bool _resolved;
    private bool _registered;
    private string? _currentId;

    public CookieDecision Decision { get; private set; }

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
        Decide(CookieDecision.Issue);
    }

    /// <summary>The session ended: the response deletes the browser's cookie, if it sent one.</summary>
    public void Delete()
    {
        _resolved = true;
        _currentId = null;
        Decide(CameWithCookie ? CookieDecision.Delete : CookieDecision.None);
    }

    private void Decide(CookieDecision decision)
    {
        Decision = decision;
        if (decision != CookieDecision.None && !_registered)
        {
            _registered = true;
            jar.OnResponseStarting(Apply);
        }
    }

    private void Apply()
    {
        switch (Decision)
        {
            case CookieDecision.Issue:
                jar.Append(codec.Protect(_currentId!));
                break;
            case CookieDecision.Delete:
                jar.Delete();
                break;
        }
    }
}
