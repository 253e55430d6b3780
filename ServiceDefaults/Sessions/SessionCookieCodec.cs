using Microsoft.AspNetCore.DataProtection;

namespace SessionSample.ServiceDefaults.Sessions;

/// <summary>Turns a session id into a cookie value and back, with the shared Data Protection key ring.</summary>
internal sealed class SessionCookieCodec(IDataProtectionProvider dataProtection)
{
    public const string Purpose = "SessionSample.Sessions.Cookie";

    // A protected 24-character id is about 120 characters; anything far longer is not ours and is not
    // worth the cost of decrypting.
    private const int MaxCookieLength = 512;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public string Protect(string id) => _protector.Protect(id);

    /// <summary>The id in <paramref name="cookie"/>, or null with the reason it was rejected.</summary>
    public string? TryUnprotect(string cookie, out string? rejection)
    {
        if (cookie.Length > MaxCookieLength)
        {
            rejection = "oversized";
            return null;
        }

        string id;
        try
        {
            id = _protector.Unprotect(cookie);
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
        {
            rejection = "not protected by this key ring";
            return null;
        }

        if (!SessionIds.IsWellFormed(id))
        {
            rejection = "malformed id";
            return null;
        }

        rejection = null;
        return id;
    }
}
