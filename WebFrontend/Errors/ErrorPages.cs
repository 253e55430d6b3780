using Microsoft.AspNetCore.Diagnostics;
using SessionSample.Sessions;

namespace SessionSample.WebFrontend.Errors;

public static class ErrorPages
{
    public const string Path = "/Error";

    /// <summary>
    /// Every failure a browser sees is this app's own error page, in every environment: a page that cannot
    /// work because the session store is down answers 503 with a short human message, never a stack trace.
    /// The store's failures keep their status (<see cref="SessionFailure"/>); API clients of this app (fetch,
    /// JSON) get problem+json from the store's exception handler instead.
    /// </summary>
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = Path,
            StatusCodeSelector = exception => SessionFailure.From(exception)?.StatusCode ?? StatusCodes.Status500InternalServerError,
        });
        return app;
    }
}
