using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

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
/// the request goes on, and writes the decision (issue, delete or none) from an OnStarting callback on the
/// server's own response feature. That callback outlives the request's exception: an error page produced by
/// the exception handler still carries the id a regeneration created, so no session is orphaned. It is kept
/// per HttpContext, so a re-execution (the error page) continues from the id the failed attempt left.
/// </summary>
internal sealed class SessionCookie
{
    private readonly HttpContext _context;
    private readonly IHttpResponseFeature _response;
    private readonly SessionCookieCodec _codec;
    private readonly SessionCookieSettings _settings;
    private readonly ILogger _logger;
    private readonly string? _requestValue;
    private bool _resolved;
    private bool _registered;
    private string? _currentId;

    private SessionCookie(HttpContext context, SessionCookieCodec codec, SessionCookieSettings settings, ILogger logger)
    {
        _context = context;
        _response = context.Features.GetRequiredFeature<IHttpResponseFeature>();
        _codec = codec;
        _settings = settings;
        _logger = logger;
        _requestValue = context.Request.Cookies[settings.Name];
    }

    public CookieDecision Decision { get; private set; }

    public bool CameWithCookie => _requestValue is not null;

    /// <summary>The request's owner, created on the first pass through the middleware and kept for re-executions.</summary>
    public static SessionCookie For(HttpContext context, SessionCookieCodec codec, SessionCookieSettings settings, ILogger logger)
    {
        if (context.Features.Get<SessionCookie>() is { } existing)
        {
            return existing;
        }

        var cookie = new SessionCookie(context, codec, settings, logger);
        context.Features.Set(cookie);
        return cookie;
    }

    /// <summary>The id the browser holds as of now: the cookie's (once verified) or the last one issued; null for none.</summary>
    /// <exception cref="SessionStoreUnavailableException">The key ring that verifies cookies is unavailable.</exception>
    public string? CurrentId()
    {
        if (!_resolved)
        {
            if (_requestValue is not null)
            {
                _currentId = _codec.TryUnprotect(_requestValue, out var rejection);
                if (rejection is not null)
                {
                    SessionLog.CookieRejected(_logger, rejection);
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
        Decision = CookieDecision.Issue;
        Register();
    }

    /// <summary>The session ended: the response deletes the browser's cookie, if it sent one.</summary>
    public void Delete()
    {
        _resolved = true;
        _currentId = null;
        Decision = CameWithCookie ? CookieDecision.Delete : CookieDecision.None;
        if (Decision == CookieDecision.Delete)
        {
            Register();
        }
    }

    private void Register()
    {
        if (!_registered)
        {
            _registered = true;
            _response.OnStarting(static state => ((SessionCookie)state).ApplyAsync(), this);
        }
    }

    private Task ApplyAsync()
    {
        var response = _context.Response;
        switch (Decision)
        {
            case CookieDecision.Issue:
                response.Cookies.Append(_settings.Name, _codec.Protect(_currentId!), _settings.Build(_context));
                break;
            case CookieDecision.Delete:
                response.Cookies.Delete(_settings.Name, _settings.Build(_context));
                break;
            default:
                return Task.CompletedTask;
        }

        // A response that hands out or revokes a session must never be cached and replayed to someone else.
        response.Headers[HeaderNames.CacheControl] = "no-cache, no-store";
        response.Headers[HeaderNames.Pragma] = "no-cache";
        response.Headers[HeaderNames.Expires] = "-1";
        return Task.CompletedTask;
    }
}
