using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Security;
using SessionSample.WebFrontend.Sessions;

namespace SessionSample.WebFrontend.Pages;

/// <summary>
/// Sign-out is a POST (with an antiforgery token) so that no link or image can sign anyone out. It works
/// with the API down too: this app has the sessions Redis and the store, so it ends the session itself.
/// </summary>
public sealed class SignOutModel(ApiClient api, ILogger<SignOutModel> logger) : PageModel
{
    public const string SignedOutLocally =
        "Signed out on this device. The server could not be reached, so this site signed you out here by itself; your other devices stay signed in.";

    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The API deletes the session and the sign-in cookie; the relay hands both deletions to the browser.
        var result = await api.LogoutAsync(cancellationToken);
        if (result.PageMayWriteSession)
        {
            // The API did not end the session (it could not be reached, or failed first). The page's session
            // object is still the browser's, so the page ends it itself: same Redis, same store, same result.
            await HttpContext.GetRedisSession().InvalidateAsync(cancellationToken);
        }

        // Signed out here too, whatever the API answered: this app never leaves the browser signed in after a sign-out.
        await HttpContext.SignOutAsync(SharedAuthentication.Scheme);
        HttpContext.RenewAntiforgeryToken();

        if (!result.IsSuccess)
        {
            logger.LogWarning("The API did not sign out ({Status}); signed out locally", result.Problem!.Status);
            // The page's own object is now a fresh session, or the API's replacement: either takes the flash.
            await HttpContext.AddFlashAsync(api, result.Session, SignedOutLocally, cancellationToken);
        }

        return RedirectToPage("/Index");
    }
}
