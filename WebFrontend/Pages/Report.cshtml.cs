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
            Error = result.ProblemMessage("The report could not be loaded.");
            PassOnUnavailable(result.Problem);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await api.CreateReportAsync(cancellationToken);
        if (!result.IsSuccess)
        {
            Error = result.ProblemMessage("The report could not be created.");
            PassOnUnavailable(result.Problem!);
            return Page();
        }

        return RedirectToPage();
    }

    // A page saying "unavailable" answers 503 as the API did (the cache or the session store out of reach), not a
    // 200 that monitors and scripts would take for success.
    private void PassOnUnavailable(ValidationProblemDetails problem)
    {
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
    }
}
