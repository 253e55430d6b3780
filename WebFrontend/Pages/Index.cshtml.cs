using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.WebFrontend.Clients;
using SessionSample.WebFrontend.Sessions;

namespace SessionSample.WebFrontend.Pages;

public sealed class IndexModel(ApiClient api, ILogger<IndexModel> logger) : PageModel
{
    public ApiStatus? Status { get; private set; }

    public SessionSummary Summary { get; private set; } = null!;

    public IReadOnlyList<string> Flashes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var session = HttpContext.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        Flashes = await session.TakeFlashesAsync(cancellationToken);
        Summary = SessionSummary.Of(session);

        try
        {
            Status = await api.GetStatusAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning(exception, "The API service did not answer");
        }
    }
}
