using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace SessionSample.WebFrontend.Security;

/// <summary>
/// Antiforgery with a cookie this app can renew: at sign-in and sign-out the cookie token is dropped,
/// so the next page issues a fresh one and no form token outlives the identity it was made for.
/// </summary>
public static class RenewableAntiforgery
{
    public const string CookieName = ".SessionSample.Antiforgery";

    public static TBuilder AddRenewableAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.SecurePolicy = isDevelopment ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        return builder;
    }

    public static void RenewAntiforgeryToken(this HttpContext context)
    {
        var cookie = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;
        context.Response.Cookies.Delete(CookieName, cookie.Build(context));
    }
}
