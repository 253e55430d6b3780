using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using SessionSample.Sessions;

namespace SessionSample.WebFrontend.Pages;

/// <summary>
/// The app's error page, re-executed with the status already set: by the exception handler (a failure) and by
/// the status-code pages (an answer without a body: 400, 404, 405, ...). It has no handler, so it renders for
/// whatever method it is re-executed with (a PUT's 405 too), and it never touches the session: the session
/// store may be exactly what failed.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IHostEnvironment environment) : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "The request could not be completed. Please try again.";

    /// <summary>In Development, what failed (for a failure that is not the session store's, which has its own message).</summary>
    public string? DeveloperDetail { get; private set; }

    public string? RequestId { get; private set; }

    // Runs before the page renders, whatever the method: the page has no handler to do it in. Razor Pages would
    // take the override for a handler of the method "Page" without [NonHandler], and the page would answer 405.
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (SessionFailure.From(error) is { } failure)
        {
            Title = failure.Title;
            Message = failure.Message;
        }
        else if (error is not null)
        {
            DeveloperDetail = environment.IsDevelopment() ? error.ToString() : null;
        }
        else if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            DescribeStatus(Response.StatusCode);
        }
    }

    private void DescribeStatus(int status)
    {
        (Title, Message) = status switch
        {
            StatusCodes.Status400BadRequest => ("Bad request", "The request could not be accepted: a form may have expired. Go back, reload the page and try again."),
            StatusCodes.Status404NotFound => ("Page not found", "There is no such page here. Check the address, or start again from the home page."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", "This page cannot be used that way. Go back, reload the page and try again."),
            _ => (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : Title, Message),
        };
    }
}
