namespace SessionSample.WebFrontend.Clients;

public static class ApiClientRegistration
{
    // "https+http" prefers HTTPS and falls back to HTTP, whichever endpoint the orchestrator gave the API.
    private const string ApiBaseAddress = "https+http://apiservice";

    public static IHostApplicationBuilder AddApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<SessionCookieRelayHandler>();
        builder.Services.AddHttpClient<ApiClient>(client => client.BaseAddress = new Uri(ApiBaseAddress))
            // The pooled handler is shared by every request of every user: with its own cookie jar it
            // would keep one user's session cookie and send it for the next user. Cookies are the
            // relay's job alone.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false })
            .AddHttpMessageHandler<SessionCookieRelayHandler>();

        return builder;
    }
}
