using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace SessionSample.Sessions;

/// <summary>
/// The request's cookies. The cookie is written from an OnStarting callback on the server's own response feature
/// (taken before the response gate wraps it); that callback outlives the request's exception: an error page
/// produced by the exception handler still carries the id a regeneration created, so no session is orphaned.
/// </summary>
internal sealed class HttpSessionCookieJar(HttpContext context, SessionCookieSettings settings) : ISessionCookieJar
{
    private readonly IHttpResponseFeature _response = context.Features.GetRequiredFeature<IHttpResponseFeature>();

    public string? RequestValue { get; } = context.Request.Cookies[settings.Name];

    public void OnResponseStarting(Action apply) => _response.OnStarting(
        static state =>
        {
            ((Action)state)();
            return Task.CompletedTask;
        },
        apply);

    public void Write(string? value)
    {
        var response = context.Response;
        if (value is null)
        {
            response.Cookies.Delete(settings.Name, settings.Cookie.Build(context));
        }
        else
        {
            response.Cookies.Append(settings.Name, value, settings.Cookie.Build(context));
        }

        // A response that hands out or revokes a session must never be cached and replayed to someone else.
        response.Headers[HeaderNames.CacheControl] = "no-cache, no-store";
        response.Headers[HeaderNames.Pragma] = "no-cache";
        response.Headers[HeaderNames.Expires] = "-1";
    }
}
