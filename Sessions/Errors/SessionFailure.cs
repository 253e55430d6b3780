using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace SessionSample.Sessions;

/// <summary>
/// What a failure of the session store means for the client: the status code, a title and a short human
/// message (no exception type names). The exception handler answers API requests with it as problem+json;
/// an app's error page can show it for the same exception (<see cref="From"/>).
/// </summary>
public sealed record SessionFailure(int StatusCode, string Title, string Message)
{
    /// <summary>The failure the exception (or one it wraps) stands for; null when it is not the session store's.</summary>
    public static SessionFailure? From(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            SessionFailure? failure = exception switch
            {
                SessionSizeLimitExceededException => new(StatusCodes.Status413PayloadTooLarge, "Session data too large", exception.Message),
                SessionLockTimeoutException => new(StatusCodes.Status423Locked, "Session locked", exception.Message),
                SessionStoreUnavailableException => new(StatusCodes.Status503ServiceUnavailable, "Session store unavailable", "Your session could not be reached just now. Please try again in a moment."),
                SessionEndedException => new(StatusCodes.Status409Conflict, "Session ended", "Your session was ended or renewed by another request (signing in or out). Please try again."),
                SignInThrottledException => new(StatusCodes.Status429TooManyRequests, "Too many attempts", exception.Message),
                TooManySessionsException => new(StatusCodes.Status409Conflict, "Too many sessions", exception.Message),
                SessionCounterException => new(StatusCodes.Status409Conflict, "Counter cannot change", exception.Message),
                _ => null,
            };
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }
}

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
