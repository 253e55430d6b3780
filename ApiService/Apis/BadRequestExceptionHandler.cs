using Microsoft.AspNetCore.Diagnostics;

namespace SessionSample.ApiService.Apis;

/// <summary>
/// A body the endpoint cannot bind (malformed JSON, a word where a number belongs) is the client's
/// mistake: 400 problem+json saying what could not be read, never a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Detail = badRequest.Message,
            },
        });
    }
}

public static class BadRequestHandling
{
    /// <summary>Binding failures throw in every environment, so <see cref="BadRequestExceptionHandler"/> answers them all alike.</summary>
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }
}
