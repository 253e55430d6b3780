using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionSample.ApiService.Apis;

public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", GetStatus).WithName("GetStatus");
        return app;
    }

    private static Ok<ApiStatus> GetStatus(TimeProvider clock) =>
        TypedResults.Ok(new ApiStatus("apiservice", clock.GetUtcNow()));
}

public sealed record ApiStatus(string Service, DateTimeOffset ServerTime);
