using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.WebFrontend.Clients;

namespace SessionSample.WebFrontend.Pages;

public sealed class IndexModel(ApiClient api, ILogger<IndexModel> logger) : PageModel
{
    public ApiStatus? Status { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
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
