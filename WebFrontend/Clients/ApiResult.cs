using Microsoft.AspNetCore.Mvc;

namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// What an API call returned: the value or the problem+json the API answered with (a 503 problem when the API
/// could not be reached at all), and what the call did to the browser's session (<see cref="SessionEffect"/>).
/// </summary>
public sealed class ApiResult<T>
{
    private ApiResult(T? value, ValidationProblemDetails? problem, SessionEffect session, TimeSpan? retryAfter) =>
        (Value, Problem, Session, RetryAfter) = (value, problem, session, retryAfter);

    public T? Value { get; }

    public ValidationProblemDetails? Problem { get; }

    public bool IsSuccess => Problem is null;

    /// <summary>Whether this call replaced or ended the browser's session; a failed call may have done so too.</summary>
    public SessionEffect Session { get; }

    /// <summary>Whether the page's own session object still is the browser's after this call.</summary>
    public bool PageMayWriteSession => Session == SessionEffect.Unchanged;

    /// <summary>The API's own words for a failure, else <paramref name="fallback"/>.</summary>
    public string ProblemMessage(string fallback) => Problem?.Detail ?? Problem?.Title ?? fallback;

    /// <summary>How long the API asked to wait (its Retry-After, on 429 and 423), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    public static ApiResult<T> Succeeded(T value, SessionEffect session) => new(value, null, session, null);

    public static ApiResult<T> Failed(ValidationProblemDetails problem, SessionEffect session, TimeSpan? retryAfter = null) =>
        new(default, problem, session, retryAfter);
}
