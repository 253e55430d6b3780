using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Security;
using SessionSample.WebFrontend.Sessions;

namespace SessionSample.WebFrontend.Pages;

public sealed class SignInModel(ApiClient api) : PageModel
{
    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await api.LoginAsync(Input.UserName!, Input.Password!, cancellationToken);
        if (!result.IsSuccess)
        {
            ModelState.AddModelError(string.Empty, result.Problem!.Status == StatusCodes.Status429TooManyRequests
                ? TooManyAttempts(result.RetryAfter)
                : result.Problem.Detail ?? "Sign-in failed.");
            return Page();
        }

        // The API moved the session to a new id and issued the sign-in cookie; the relay handed both to
        // the browser and the result says so (Replaced). This page's own session object still knows only
        // the old id (which now finds nothing), so the flash goes through the API.
        await HttpContext.AddFlashAsync(api, result.Session, $"Signed in as {result.Value!.UserName}.", cancellationToken);
        HttpContext.RenewAntiforgeryToken();

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? AsciiLocation(ReturnUrl) : "/");
    }

    /// <summary>
    /// A local URL as a Location header can carry it: Url.IsLocalUrl lets non-ASCII characters through (/Café), and
    /// Kestrel refuses them in a header (a 500 after the API has already moved and signed in the session, whose new
    /// cookies the error page then drops). Each non-ASCII character is percent-encoded as UTF-8, as a browser would.
    /// </summary>
    internal static string AsciiLocation(string url)
    {
        if (Ascii.IsValid(url))
        {
            return url;
        }

        var location = new StringBuilder(url.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(url))
        {
            if (b < 0x80)
            {
                location.Append((char)b);
            }
            else
            {
                location.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return location.ToString();
    }

    /// <summary>The API's Retry-After in words: "Too many attempts. Try again in 42 seconds."</summary>
    internal static string TooManyAttempts(TimeSpan? retryAfter)
    {
        if (retryAfter is not { } wait)
        {
            return "Too many attempts. Try again later.";
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return seconds switch
        {
            1 => "Too many attempts. Try again in 1 second.",
            < 120 => $"Too many attempts. Try again in {seconds} seconds.",
            _ => $"Too many attempts. Try again in {(int)Math.Ceiling(seconds / 60.0)} minutes.",
        };
    }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Enter your user name.")]
        [Display(Name = "User name")]
        public string? UserName { get; set; }

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string? Password { get; set; }
    }
}
