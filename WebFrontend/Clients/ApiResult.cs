using Microsoft.AspNetCore.Mvc;

namespace SessionSample.WebFrontend.Clients;

/// <summary>What an API call returned: the value, or the problem+json the API answered with.</summary>
public sealed class ApiResult<T>
{
    private ApiResult(T? value, ValidationProblemDetails? problem) => (Value, Problem) = (value, problem);

    public T? Value { get; }

    public ValidationProblemDetails? Problem { get; }

    public bool IsSuccess => Problem is null;

    public static ApiResult<T> Succeeded(T value) => new(value, null);

    public static ApiResult<T> Failed(ValidationProblemDetails problem) => new(default, problem);
}
