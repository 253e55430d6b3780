using Microsoft.Net.Http.Headers;
using SessionSample.Sessions;

namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// Makes a server-side API call act for the browser: it sends the browser's session and sign-in
/// cookies (and no others) and its User-Agent to the API, and relays every such cookie the API sets back to the browser.
/// That is how the browser gets the new session id after the API regenerates or invalidates it, and
/// the sign-in cookie the API issues. Within one page request, later calls use the cookies earlier
/// calls received, so a call after sign-in already works on the new session. What the call did to the
/// session goes back to <see cref="ApiClient"/> on the request's options (<see cref="EffectKey"/>). It also
/// names the browser's address in X-Forwarded-For, which the API trusts from known proxies only.
/// </summary>
public sealed class SessionCookieRelayHandler(IHttpContextAccessor httpContextAccessor, SessionCookieSettings sessionCookie)
    : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<SessionEffect> EffectKey = new("SessionSample.SessionEffect");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (httpContextAccessor.HttpContext is not { } context)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var jar = RelayedCookies.For(context, sessionCookie.Name);
        request.Headers.Remove(HeaderNames.Cookie);
        if (jar.ToCookieHeader() is { Length: > 0 } cookieHeader)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Cookie, cookieHeader);
        }

        // The browser's own User-Agent, not this server's: the API names the device a sign-in came from by it.
        request.Headers.Remove(HeaderNames.UserAgent);
        if (context.Request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.UserAgent, userAgent);
        }

        // The API's sign-in throttle counts per client address: the browser's, not this app's.
        if (context.Connection.RemoteIpAddress is { } browser)
        {
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", browser.ToString());
        }

        var response = await base.SendAsync(request, cancellationToken);

        // A retried call runs through here once per attempt: a change an earlier attempt relayed still stands.
        request.Options.TryGetValue(EffectKey, out var effect);
        if (response.Headers.TryGetValues(HeaderNames.SetCookie, out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                if (SetCookieHeaderValue.TryParse(setCookie, out var cookie) && jar.Accept(cookie) is { } cookieEffect)
                {
                    context.Response.Headers.Append(HeaderNames.SetCookie, setCookie);
                    effect = cookieEffect == SessionEffect.Unchanged ? effect : cookieEffect;
                }
            }
        }

        request.Options.Set(EffectKey, effect);
        return response;
    }
}
