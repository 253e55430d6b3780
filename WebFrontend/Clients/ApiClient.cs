using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// Typed client for the API service, resolved through Aspire service discovery. Every call carries the
/// browser's session and sign-in cookies (see <see cref="SessionCookieRelayHandler"/>), so the API
/// works on the same session as the page that calls it.
/// </summary>
public sealed class ApiClient(HttpClient http)
{
    public async Task<ApiStatus?> GetStatusAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<ApiStatus>("/api/status", cancellationToken);

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

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(cancellationToken)
                : null;
            return ApiResult<T>.Failed(problem ?? new ValidationProblemDetails { Status = (int)response.StatusCode, Title = response.ReasonPhrase }, response.Headers.RetryAfter?.Delta);
        }

        // 204 No Content has nothing to read; the caller only needs to know it worked.
        if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
        {
            return ApiResult<T>.Succeeded(default!);
        }

        var value = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken);
        return ApiResult<T>.Succeeded(value!);
    }
}
