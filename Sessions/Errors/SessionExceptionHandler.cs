using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace SessionSample.Sessions;

/// <summary>
/// Answers the store's exceptions (<see cref="SessionFailure"/>) as problem+json with the right status, for
/// API requests. A browser asking for a page (Accept prefers text/html) is left to the app's own error page:
/// the exception handler middleware then re-executes it (give it a StatusCodeSelector that uses
/// <see cref="SessionFailure.From"/> to keep the status).
/// </summary>
internal sealed class SessionExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (SessionFailure.From(exception) is not { } failure || PrefersHtml(httpContext.Request))
        {
            return false;
        }

        httpContext.Response.StatusCode = failure.StatusCode;
        TimeSpan? retryAfter = exception switch
        {
            SessionLockTimeoutException locked => locked.RetryAfter,
            SignInThrottledException throttled => throttled.RetryAfter,
            _ => null,
        };
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = SignInThrottledException.WholeSeconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetails { Status = failure.StatusCode, Title = failure.Title, Detail = failure.Message };
        if (failure.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            // The framework's defaults name no type for 429: the RFC that defines it.
            problem.Type = "https://tools.ietf.org/html/rfc6585#section-4";
        }

        var context = new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception };
        if (!await problemDetails.TryWriteAsync(context))
        {
            // The client's Accept header ruled out every writer; the status code still tells the story.
            await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }

    /// <summary>A browser navigation (text/html ranked above any JSON type), as opposed to an API client or fetch().</summary>
    internal static bool PrefersHtml(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        double html = 0, json = 0;
        foreach (var type in accepted)
        {
            var quality = type.Quality ?? 1;
            if (type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
            else if (type.SubType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
        }

        return html > 0 && html >= json;
    }
}
