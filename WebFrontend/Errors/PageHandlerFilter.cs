using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;

namespace SessionSample.WebFrontend.Errors;

/// <summary>
/// A page runs only through one of its handlers. Razor Pages renders a page that has no handler for the request
/// (a POST to a GET-only page, a handler name it does not have) with its model never loaded: a NullReferenceException
/// (the home page) or a page that lies (an empty cart). Instead, a method the page has no handler for is a 405
/// with <c>Allow</c>, a handler name it does not have is a 404; both without a body, so the status-code pages show
/// the error page. A page without any handler (the error page itself) renders for every method.
/// </summary>
internal sealed class PageHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var handlers = context.ActionDescriptor.HandlerMethods;
        if (context.HandlerMethod is not null || handlers.Count == 0)
        {
            return;
        }

        var allowed = AllowedMethods(handlers);
        if (allowed.Contains(context.HttpContext.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            context.Result = new NotFoundResult();
            return;
        }

        context.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }

    // Razor Pages answers HEAD with the GET handlers.
    private static string[] AllowedMethods(IEnumerable<HandlerMethodDescriptor> handlers)
    {
        var methods = handlers.Select(handler => handler.HttpMethod.ToUpperInvariant()).ToHashSet();
        if (methods.Contains(HttpMethods.Get))
        {
            methods.Add(HttpMethods.Head);
        }

        return [.. methods.Order(StringComparer.Ordinal)];
    }
}
