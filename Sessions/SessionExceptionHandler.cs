using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SessionSample.Sessions;

/// <summary>Turns the store's exceptions into problem+json: 413 too large, 423 locked, 503 store unavailable.</summary>
internal sealed class SessionExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is SessionLockTimeoutException locked)
        {
            httpContext.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(locked.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var context = new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception };
        if (!await problemDetails.TryWriteAsync(context))
        {
            // The client's Accept header ruled out every writer; the status code still tells the story.
            await httpContext.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }

    private static ProblemDetails? Describe(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case SessionSizeLimitExceededException:
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Session data too large", exception.Message);
                case SessionLockTimeoutException:
                    return Problem(StatusCodes.Status423Locked, "Session locked", exception.Message);
                case SessionStoreUnavailableException:
                    return Problem(StatusCodes.Status503ServiceUnavailable, "Session store unavailable", exception.Message);
            }
        }

        return null;
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
    };
}
