using Microsoft.Extensions.Http.Resilience;

namespace SessionSample.WebFrontend.Clients;

public static class ApiClientRegistration
{
    // "https+http" prefers HTTPS and falls back to HTTP, whichever endpoint the orchestrator gave the API.
    private const string ApiBaseAddress = "https+http://apiservice";
    private const string DefaultsPipelineOptionsName = "-standard";

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

        // AddServiceDefaults gives every client the standard pipeline through ConfigureHttpClientDefaults,
        // whose builder has no client name, so its options are named "-standard". A retried POST would
        // add a cart line twice or sign in twice: this app retries only safe methods.
        builder.Services.Configure<HttpStandardResilienceOptions>(DefaultsPipelineOptionsName,
            options => options.Retry.DisableForUnsafeHttpMethods());

        return builder;
    }
}
