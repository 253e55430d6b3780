using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionSample.WebFrontend.Clients;

namespace SessionSample.WebFrontend.Pages;

/// <summary>
/// The offload demo: the report is about 1 MB, too big for a session, so the API parks it in the cache
/// and the session keeps only a pointer. When the cache has evicted it, the page says so.
/// </summary>
public sealed class ReportModel(ApiClient api) : PageModel
{
    private const int PreviewRows = 10;

    public Report? Report { get; private set; }

    public IReadOnlyList<ReportRow> Preview { get; private set; } = [];

    public string? Missing { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await api.GetLatestReportAsync(cancellationToken);
        if (result.IsSuccess)
        {
            Report = result.Value;
            Preview = [.. Report!.Rows.Take(PreviewRows)];
        }
        else if (result.Problem!.Status == StatusCodes.Status404NotFound)
        {
            Missing = result.Problem.Detail;
        }
        else
        {
            Error = result.Problem.Detail ?? result.Problem.Title;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.CreateReportAsync(cancellationToken);
        if (!result.IsSuccess)
        {
            Error = result.Problem!.Detail ?? result.Problem.Title;
            return Page();
        }

        return RedirectToPage();
    }
}
