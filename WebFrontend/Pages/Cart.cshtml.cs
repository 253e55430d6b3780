using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.Sessions.WriteThrough;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Sessions;

namespace SessionSample.WebFrontend.Pages;

/// <summary>
/// The cart lives in the session, but this page changes it only through the API, server-side, with the
/// browser's cookies. The page also keeps a note of its own in the same session, written at the end of
/// the request: only that key is written, so it never overwrites the line the API changed meanwhile.
/// </summary>
public sealed partial class CartModel(ApiClient api, TimeProvider clock) : PageModel
{
    private const string SkuPattern = "^[A-Z0-9-]{1,32}$";
    private const string SkuFormat = "A sku is 1 to 32 upper-case letters, digits or '-'.";

    [BindProperty]
    public AddItemInput Input { get; set; } = new();

    public Cart? Cart { get; private set; }

    public LastCartChange? LastChange { get; private set; }

    public IReadOnlyList<string> Flashes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        // The page holds the session as loaded here (cart lines included) while the API changes a line.
        var session = HttpContext.GetRedisSession();
        await session.LoadAsync(cancellationToken);

        var result = await api.AddCartItemAsync(Input.Sku!, Input.Quantity, cancellationToken);
        if (!result.IsSuccess)
        {
            AddErrors(result.Problem!);
            await LoadAsync(cancellationToken);
            return Page();
        }

        await RecordChangeAsync("added", Input.Sku!, Input.Quantity, result.Session, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? sku, CancellationToken cancellationToken)
    {
        if (!IsSku(sku))
        {
            // Only a hand-made post lacks the row's sku or bends it: the page says so, with a 400, and asks nothing of the API.
            ModelState.AddModelError(string.Empty, string.IsNullOrEmpty(sku) ? "That removal named no item." : SkuFormat);
            await LoadAsync(cancellationToken);
            var refused = Page();
            refused.StatusCode = StatusCodes.Status400BadRequest;
            return refused;
        }

        var session = HttpContext.GetRedisSession();
        await session.LoadAsync(cancellationToken);

        var result = await api.RemoveCartItemAsync(sku, cancellationToken);
        if (!result.IsSuccess)
        {
            AddErrors(result.Problem!);
            await LoadAsync(cancellationToken);
            return Page();
        }

        await RecordChangeAsync("removed", sku, 0, result.Session, cancellationToken);
        return RedirectToPage();
    }

    private async Task RecordChangeAsync(string action, string sku, int quantity, SessionEffect session, CancellationToken cancellationToken)
    {
        var message = action == "added" ? $"Added {quantity} × {sku} to the cart." : $"Removed {sku} from the cart.";

        // A browser that came without a session got its first one from the API just now; this page's
        // session object is a different, empty one that the browser will never see: its note is skipped.
        if (session == SessionEffect.Unchanged)
        {
            var change = new LastCartChange(action, sku, quantity, clock.GetUtcNow());
            HttpContext.GetRedisSession().Set(WebSessionKeys.LastCartChange, JsonSerializer.SerializeToUtf8Bytes(change, JsonSerializerOptions.Web));
        }

        await HttpContext.AddFlashAsync(api, session, message, cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var session = HttpContext.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        Flashes = await session.TakeFlashesAsync(cancellationToken);
        if (session.TryGetValue(WebSessionKeys.LastCartChange, out var note))
        {
            LastChange = JsonSerializer.Deserialize<LastCartChange>(note, JsonSerializerOptions.Web);
        }

        var cart = await api.GetCartAsync(cancellationToken);
        Cart = cart.Value;
        if (!cart.IsSuccess)
        {
            ModelState.AddModelError(string.Empty, cart.Problem!.Detail ?? "The cart could not be loaded.");
        }
    }

    private void AddErrors(ValidationProblemDetails problem)
    {
        foreach (var (field, messages) in problem.Errors)
        {
            var name = field.Equals("sku", StringComparison.OrdinalIgnoreCase) ? "Input.Sku"
                : field.Equals("quantity", StringComparison.OrdinalIgnoreCase) ? "Input.Quantity"
                : string.Empty;
            foreach (var message in messages)
            {
                ModelState.AddModelError(name, message);
            }
        }

        if (problem.Errors.Count == 0)
        {
            ModelState.AddModelError(string.Empty, problem.Detail ?? problem.Title ?? "The API refused the change.");
        }
    }

    public sealed class AddItemInput
    {
        [Required(ErrorMessage = "Enter a sku.")]
        [RegularExpression(SkuPattern, ErrorMessage = SkuFormat)]
        [Display(Name = "Sku")]
        public string? Sku { get; set; }

        [Range(1, 99, ErrorMessage = "The quantity must be from 1 to 99.")]
        [Display(Name = "Quantity")]
        public int Quantity { get; set; } = 1;
    }

    // The whole value, as [RegularExpression] matches it: the pattern's '$' also matches before a final newline.
    private static bool IsSku([NotNullWhen(true)] string? sku) => sku is not null && Sku().Match(sku) is { Success: true } match && match.Length == sku.Length;

    [GeneratedRegex(SkuPattern)]
    private static partial Regex Sku();
}
