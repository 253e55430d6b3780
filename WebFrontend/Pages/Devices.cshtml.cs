using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.Sessions.WriteThrough;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Security;
using SessionSample.WebFrontend.Sessions;

namespace SessionSample.WebFrontend.Pages;

/// <summary>
/// "Your devices": the signed-in user's sessions, through the API, each with a sign-out button, plus "sign out
/// everywhere else" and "everywhere". The page writes only its flash, and only into a session no API call of
/// the same request replaced (<see cref="ApiResult{T}.Session"/>). An API that fails or cannot be reached is
/// a message on the page, never an error page.
/// </summary>
[Authorize]
public sealed class DevicesModel(ApiClient api, TimeProvider clock) : PageModel
{
    public IReadOnlyList<SessionItem> Sessions { get; private set; } = [];

    public IReadOnlyList<string> Flashes { get; private set; } = [];

    /// <summary>Why the list or the last action failed, in the API's words; null when all went well.</summary>
    public string? Error { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var session = HttpContext.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        Flashes = await session.TakeFlashesAsync(cancellationToken);

        Now = clock.GetUtcNow();
        var result = await api.ListSessionsAsync(cancellationToken);
        Sessions = result.Value?.Sessions ?? [];
        Error = result.IsSuccess ? null : result.ProblemMessage("Your devices could not be listed.");
    }

    public async Task<IActionResult> OnPostEndAsync(string? handle, string? device, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(handle))
        {
            // Only a hand-made post lacks the row's hidden handle: the page says so, with a 400, and asks nothing of the API.
            var refused = Failed("That sign-out named no device.");
            refused.StatusCode = StatusCodes.Status400BadRequest;
            return refused;
        }

        var result = await api.EndSessionAsync(handle, cancellationToken);
        if (result.Problem?.Status == StatusCodes.Status404NotFound)
        {
            // Ended meanwhile (expired, or signed out there): the list this redirect shows no longer has it.
            return await DoneAsync(result.Session, "That device was already signed out.", cancellationToken);
        }

        return result.IsSuccess
            ? await DoneAsync(result.Session, $"Signed out {device ?? "that device"}.", cancellationToken)
            : Failed(result.ProblemMessage("That device could not be signed out."));
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync(CancellationToken cancellationToken)
    {
        var result = await api.SignOutOthersAsync(cancellationToken);
        return result.IsSuccess
            ? await DoneAsync(result.Session, "Signed out everywhere else.", cancellationToken)
            : Failed(result.ProblemMessage("Your other devices could not be signed out."));
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        var result = await api.SignOutEverywhereAsync(cancellationToken);
        if (!result.IsSuccess)
        {
            return Failed(result.ProblemMessage("Your devices could not be signed out."));
        }

        // The API ended this session too and deleted both cookies; this app forgets the sign-in as well.
        await HttpContext.SignOutAsync(SharedAuthentication.Scheme);
        HttpContext.RenewAntiforgeryToken();
        await HttpContext.AddFlashAsync(api, result.Session, "Signed out everywhere, this device included.", cancellationToken);
        return RedirectToPage("/Index");
    }

    private async Task<IActionResult> DoneAsync(SessionEffect session, string message, CancellationToken cancellationToken)
    {
        await HttpContext.AddFlashAsync(api, session, message, cancellationToken);
        return RedirectToPage();
    }

    // The list is not fetched again: the API just failed, and asking it twice only doubles the wait.
    private PageResult Failed(string error)
    {
        Now = clock.GetUtcNow();
        Error = error;
        return Page();
    }
}
