namespace SessionSample.WebFrontend.Clients;

public static class ApiClientRegistration
{
    // "https+http" prefers HTTPS and falls back to HTTP, whichever endpoint the orchestrator gave the API.
    private const string ApiBaseAddress = "https+http://apiservice";

    public static IHostApplicationBuilder AddApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri(ApiBaseAddress));
        return builder;
    }
}
