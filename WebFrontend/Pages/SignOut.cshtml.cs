using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Security;

namespace SessionSample.WebFrontend.Pages;

/// <summary>Sign-out is a POST (with an antiforgery token) so that no link or image can sign anyone out.</summary>
public sealed class SignOutModel(ApiClient api, ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The API deletes the session and the sign-in cookie; the relay hands the browser a new, empty session.
        var result = await api.LogoutAsync(cancellationToken);
        if (!result.IsSuccess)
        {
            logger.LogWarning("The API did not invalidate the session at sign-out: {Status}", result.Problem!.Status);
        }

        // Signed out here too, whatever the API answered: this app never leaves the browser signed in after a sign-out.
        await HttpContext.SignOutAsync(SharedAuthentication.Scheme);
        HttpContext.RenewAntiforgeryToken();

        return RedirectToPage("/Index");
    }
}
