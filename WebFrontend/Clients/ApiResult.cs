using Microsoft.AspNetCore.Mvc;

namespace SessionSample.WebFrontend.Clients;

/// <summary>What an API call returned: the value, or the problem+json the API answered with.</summary>
public sealed class ApiResult<T>
{
    private ApiResult(T? value, ValidationProblemDetails? problem, TimeSpan? retryAfter = null) => (Value, Problem, RetryAfter) = (value, problem, retryAfter);

    public T? Value { get; }

    public ValidationProblemDetails? Problem { get; }

    public bool IsSuccess => Problem is null;

    /// <summary>How long the API asked to wait (its Retry-After, on 429 and 423), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    public static ApiResult<T> Succeeded(T value) => new(value, null);

    public static ApiResult<T> Failed(ValidationProblemDetails problem, TimeSpan? retryAfter = null) => new(default, problem, retryAfter);
}
