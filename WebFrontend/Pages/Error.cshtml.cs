using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.Sessions;

namespace SessionSample.WebFrontend.Pages;

/// <summary>
/// The app's error page (re-executed by the exception handler, with the status already set). It never
/// touches the session: the session store may be exactly what failed.
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

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (SessionFailure.From(error) is { } failure)
        {
            Title = failure.Title;
            Message = failure.Message;
        }
        else if (error is not null && environment.IsDevelopment())
        {
            DeveloperDetail = error.ToString();
        }
    }
}
