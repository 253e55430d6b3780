using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// Typed client for the API service, resolved through Aspire service discovery. Every call carries the
/// browser's session and sign-in cookies (see <see cref="SessionCookieRelayHandler"/>), so the API
/// works on the same session as the page that calls it. Every call answers an <see cref="ApiResult{T}"/>,
/// never an exception for an API that failed or could not be reached: pages show the API's problem in their
/// own words, and each result says what the call did to the browser's session.
/// </summary>
public sealed class ApiClient(HttpClient http, ILogger<ApiClient> logger)
{
    public Task<ApiResult<ApiStatus>> GetStatusAsync(CancellationToken cancellationToken) =>
        SendAsync<ApiStatus>(HttpMethod.Get, "/api/status", null, cancellationToken);

    public Task<ApiResult<UserInfo>> LoginAsync(string userName, string password, CancellationToken cancellationToken) =>
        SendAsync<UserInfo>(HttpMethod.Post, "/api/auth/login", new { userName, password }, cancellationToken);

    public Task<ApiResult<NoBody>> LogoutAsync(CancellationToken cancellationToken) =>
        SendAsync<NoBody>(HttpMethod.Post, "/api/auth/logout", null, cancellationToken);

    public Task<ApiResult<NoBody>> AddFlashAsync(string message, CancellationToken cancellationToken) =>
        SendAsync<NoBody>(HttpMethod.Post, "/api/session/flash", new { message }, cancellationToken);

    public Task<ApiResult<Cart>> GetCartAsync(CancellationToken cancellationToken) =>
        SendAsync<Cart>(HttpMethod.Get, "/api/cart", null, cancellationToken);

    public Task<ApiResult<Cart>> AddCartItemAsync(string sku, int quantity, CancellationToken cancellationToken) =>
        SendAsync<Cart>(HttpMethod.Post, "/api/cart/items", new { sku, quantity }, cancellationToken);

    public Task<ApiResult<Cart>> RemoveCartItemAsync(string sku, CancellationToken cancellationToken) =>
        SendAsync<Cart>(HttpMethod.Delete, $"/api/cart/items/{Uri.EscapeDataString(sku)}", null, cancellationToken);

    public Task<ApiResult<ReportSummary>> CreateReportAsync(CancellationToken cancellationToken) =>
        SendAsync<ReportSummary>(HttpMethod.Post, "/api/reports", null, cancellationToken);

    public Task<ApiResult<Report>> GetLatestReportAsync(CancellationToken cancellationToken) =>
        SendAsync<Report>(HttpMethod.Get, "/api/reports/latest", null, cancellationToken);

    /// <summary>The signed-in user's sessions, newest first.</summary>
    public Task<ApiResult<SessionList>> ListSessionsAsync(CancellationToken cancellationToken) =>
        SendAsync<SessionList>(HttpMethod.Get, "/api/sessions", null, cancellationToken);

    /// <summary>Ends one of the user's sessions (404 problem when it is not one of theirs).</summary>
    public Task<ApiResult<NoBody>> EndSessionAsync(string handle, CancellationToken cancellationToken) =>
        SendAsync<NoBody>(HttpMethod.Delete, $"/api/sessions/{Uri.EscapeDataString(handle)}", null, cancellationToken);

    public Task<ApiResult<NoBody>> SignOutOthersAsync(CancellationToken cancellationToken) =>
        SendAsync<NoBody>(HttpMethod.Post, "/api/sessions/sign-out-others", null, cancellationToken);

    /// <summary>Ends every session of the user, this one included: the result's session is <see cref="SessionEffect.Ended"/>.</summary>
    public Task<ApiResult<NoBody>> SignOutEverywhereAsync(CancellationToken cancellationToken) =>
        SendAsync<NoBody>(HttpMethod.Post, "/api/sessions/sign-out-everywhere", null, cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
        {
            logger.LogWarning(exception, "The API service did not answer {Method} {Path}", method, path);
            return ApiResult<T>.Failed(Unreachable, EffectOf(request));
        }

        using (response)
        {
            var session = EffectOf(request);
            if (!response.IsSuccessStatusCode)
            {
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken)
                    : null;
                return ApiResult<T>.Failed(problem ?? new ValidationProblemDetails { Status = (int)response.StatusCode, Title = response.ReasonPhrase }, session, response.Headers.RetryAfter?.Delta);
            }

            // 204 No Content has nothing to read; the caller only needs to know it worked.
            if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
            {
                return ApiResult<T>.Succeeded(default!, session);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
            return ApiResult<T>.Succeeded(value!, session);
        }
    }

    private static ValidationProblemDetails Unreachable => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "API service unavailable",
        Detail = "The API service could not be reached.",
    };

    private static SessionEffect EffectOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(SessionCookieRelayHandler.EffectKey, out var effect) ? effect : SessionEffect.Unchanged;

    // Refused connections, the resilience pipeline's own timeouts and open circuit; not the caller's cancellation.
    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or Polly.ExecutionRejectedException
        || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested;
}
