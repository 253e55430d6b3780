using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions;

namespace SessionSample.Testing;

/// <summary>
/// The raw session id inside a session cookie, read with the app's own key ring and the store's purpose.
/// Only tests need it: the app never shows a raw id.
/// </summary>
public static class RawSessionIds
{
    /// <summary>The protector the store's cookies use, from an app's services.</summary>
    public static IDataProtector CookieProtector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(SessionCookieCodec.Purpose);

    public static string Of(IServiceProvider services, string cookie) => CookieProtector(services).Unprotect(cookie);

    /// <summary>The Redis key of the session behind <paramref name="cookie"/>, by the store's own schema (keyed by the id's hash).</summary>
    public static string SessionKeyOf(IServiceProvider services, string keyPrefix, string cookie) =>
        new SessionSchema(keyPrefix).SessionKey(SessionIds.HandleOf(Of(services, cookie)))!;
}
