using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SessionSample.Sessions;

namespace SessionSample.WebFrontend.Errors;

public static class ErrorPages
{
    public const string Path = "/Error";

    /// <summary>
    /// A page without a handler for the request answers 405 or 404 (<see cref="PageHandlerFilter"/>), never renders
    /// unloaded. The error page is re-executed after the request's sign-in check ran, or failed: checking it again
    /// would read the session, and the session store may be exactly what failed (then the error page itself would
    /// fail, and the browser would get a bare 500). The re-execution keeps the user the request had: none, when that
    /// check is what failed.
    /// </summary>
    public static IHostApplicationBuilder AddErrorPages(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MvcOptions>(options => options.Filters.Add(new PageHandlerFilter()));
        builder.Services.PostConfigure<CookieAuthenticationOptions>(SharedAuthentication.Scheme, options =>
        {
            var validate = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = context =>
            {
                if (!IsReExecution(context.HttpContext))
                {
                    return validate(context);
                }

                context.RejectPrincipal();
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>
    /// Every failure a browser sees is this app's own error page, in every environment: a page that cannot
    /// work because the session store is down answers 503 with a short human message, never a stack trace.
    /// The store's failures keep their status (<see cref="SessionFailure"/>); API clients of this app (fetch,
    /// JSON) get problem+json from the store's exception handler instead. Answers without a body (no such
    /// page, a form without its antiforgery token, a method the page does not take) are the same page with
    /// their status; answers with a body of their own (a page that says what was wrong, health) are left alone.
    /// </summary>
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = Path,
            // A fresh scope, so fresh authentication handlers: the request's own cached its failed sign-in check and
            // would throw it again (see AddErrorPages for why the re-execution does not check again).
            CreateScopeForErrors = true,
            StatusCodeSelector = exception => SessionFailure.From(exception)?.StatusCode ?? StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePagesWithReExecute(Path);
        return app;
    }

    private static bool IsReExecution(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>() is not null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null;
}
