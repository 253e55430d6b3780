using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionSample.Sessions;
using SessionSample.Sessions.Offload;

namespace SessionSample.ApiService.Apis;

/// <summary>
/// Large data does not belong in the session: the report (about 1 MB) is parked in the <c>cache</c>
/// Redis and the session keeps only a pointer to it. The cache may evict it at any time, and the API
/// says so plainly instead of pretending the report never existed.
/// </summary>
public static class ReportsApi
{
    private const int Rows = 9_000;
    private static readonly TimeSpan ReportLifetime = TimeSpan.FromMinutes(30);
    private static readonly string[] Regions = ["North", "East", "South", "West"];

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPost("/", CreateReportAsync).WithName("CreateReport");
        api.MapGet("/latest", GetLatestReportAsync).WithName("GetLatestReport")
            .Produces<Report>(contentType: "application/json");

        return app;
    }

    private static async Task<Created<ReportSummary>> CreateReportAsync(
        HttpContext context, SessionOffload offload, TimeProvider clock, CancellationToken cancellationToken)
    {
        var report = BuildReport(clock.GetUtcNow());
        var bytes = JsonSerializer.SerializeToUtf8Bytes(report, JsonSerializerOptions.Web);

        await offload.ParkAsync(context.GetRedisSession(), SessionKeys.LatestReport, bytes, ReportLifetime, cancellationToken);

        return TypedResults.Created("/api/reports/latest", new ReportSummary(report.CreatedAt, report.Rows.Count, bytes.Length));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetLatestReportAsync(
        HttpContext context, SessionOffload offload, CancellationToken cancellationToken)
    {
        var parked = await offload.FetchAsync(context.GetRedisSession(), SessionKeys.LatestReport, cancellationToken);

        return parked.Status switch
        {
            OffloadStatus.Found => TypedResults.File(parked.Data!, "application/json"),
            OffloadStatus.Evicted => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Report evicted",
                detail: "The cache has evicted the report; create it again."),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No report yet",
                detail: "This session has not created a report yet; create one first."),
        };
    }

    // Made-up sales figures from a fixed seed: the point is the size, not the numbers.
    private static Report BuildReport(DateTimeOffset createdAt)
    {
        var random = new Random(42);
        var rows = new List<ReportRow>(Rows);
        for (var i = 1; i <= Rows; i++)
        {
            var units = random.Next(1, 500);
            rows.Add(new ReportRow(i, $"SKU-{random.Next(1, 1000):D4}", Regions[i % Regions.Length],
                createdAt.AddMinutes(-i).ToString("O"), units, Math.Round(units * (5 + random.NextDouble() * 95), 2)));
        }

        return new Report(createdAt, rows);
    }
}

public sealed record Report(DateTimeOffset CreatedAt, IReadOnlyList<ReportRow> Rows);

public sealed record ReportRow(int Line, string Sku, string Region, string SoldAt, int Units, double Revenue);

public sealed record ReportSummary(DateTimeOffset CreatedAt, int Rows, int SizeBytes);
