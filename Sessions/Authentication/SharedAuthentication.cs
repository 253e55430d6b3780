using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One cookie-authentication setup for every app. The same scheme, cookie name and (through the service
/// defaults' <c>AddSharedDataProtection</c>) the same key ring and application name mean a sign-in made by
/// one app is read by the other: the cookie the API issues at login authenticates the web pages too, and
/// (<see cref="RedisSessionAuthentication.BindToRedisSession"/>) only while the session it was issued with lives.
/// </summary>
public static class SharedAuthentication
{
    /// <summary>The authentication scheme every app signs in and out with.</summary>
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The sign-in cookie's name, the same in every app so that each reads the others' sign-ins.</summary>
    public const string CookieName = ".SessionSample.Auth";

    /// <summary>
    /// Adds cookie authentication with the shared scheme and cookie, bound to the Redis session
    /// (<see cref="RedisSessionAuthentication.BindToRedisSession"/>), and authorization.
    /// </summary>
    /// <param name="builder">The app's host builder.</param>
    /// <param name="configure">App-specific settings on top of the shared ones, such as the sign-in page.</param>
    public static TBuilder AddSharedCookieAuthentication<TBuilder>(
        this TBuilder builder, Action<CookieAuthenticationOptions>? configure = null) where TBuilder : IHostApplicationBuilder
    {
        var isDevelopment = builder.Environment.IsDevelopment();

        builder.Services.AddAuthentication(Scheme)
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                // Development runs on plain http behind the orchestrator; everywhere else the cookie never leaves TLS.
                options.Cookie.SecurePolicy = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                // Honoured only while its Redis session lives and names the same user and sign-in.
                options.BindToRedisSession();
                configure?.Invoke(options);
            });
        builder.Services.AddAuthorization();

        return builder;
    }

    /// <summary>
    /// For APIs: answer 401/403 as problem+json instead of redirecting to a sign-in page no API client can show.
    /// </summary>
    public static void AnswerChallengesWithProblemDetails(this CookieAuthenticationOptions options)
    {
        options.Events.OnRedirectToLogin = context =>
            WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Sign-in required",
                "Sign in with POST /api/auth/login first.");
        options.Events.OnRedirectToAccessDenied = context =>
            WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                "The signed-in user may not do this.");
    }

    private static async Task WriteProblemAsync(
        RedirectContext<CookieAuthenticationOptions> context, int status, string title, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
