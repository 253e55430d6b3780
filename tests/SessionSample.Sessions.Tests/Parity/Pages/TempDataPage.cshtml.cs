using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionSample.Sessions.Tests.Parity.Pages;

/// <summary>A Razor Page that sets TempData when asked and, unless told not to, renders it in the same request.</summary>
public sealed class TempDataPageModel : PageModel
{
    public bool Show { get; private set; } = true;

    public void OnGet(string? message, bool show = true)
    {
        Show = show;
        if (message is not null)
        {
            TempData["message"] = message;
        }
    }
}
