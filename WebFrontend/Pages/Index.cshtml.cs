using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.Sessions.WriteThrough;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Sessions;

namespace SessionSample.WebFrontend.Pages;

public sealed class IndexModel(ApiClient api) : PageModel
{
    public ApiStatus? Status { get; private set; }

    public SessionSummary Summary { get; private set; } = null!;

    public IReadOnlyList<string> Flashes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The page's reads and writes (taking the flashes) come before the API call: the status call sets
        // no session cookie, but the page does not rely on that.
        var session = HttpContext.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        Flashes = await session.TakeFlashesAsync(cancellationToken);
        Summary = SessionSummary.Of(session);

        Status = (await api.GetStatusAsync(cancellationToken)).Value;
    }
}
