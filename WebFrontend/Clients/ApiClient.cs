namespace SessionSample.WebFrontend.Clients;

/// <summary>Typed client for the API service, resolved through Aspire service discovery.</summary>
public sealed class ApiClient(HttpClient http)
{
    public async Task<ApiStatus?> GetStatusAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<ApiStatus>("/api/status", cancellationToken);
}

public sealed record ApiStatus(string Service, DateTimeOffset ServerTime);
