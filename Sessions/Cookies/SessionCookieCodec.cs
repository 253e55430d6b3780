using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;

namespace SessionSample.Sessions;

/// <summary>Turns a session id into a cookie value and back, with the shared Data Protection key ring.</summary>
internal sealed class SessionCookieCodec(IDataProtectionProvider dataProtection) : IDisposable
{
    public const string Purpose = "SessionSample.Sessions.Cookie";

    // A protected 24-character id is about 120 characters; anything far longer is not ours and is not
    // worth the cost of decrypting.
    private const int MaxCookieLength = 512;

    // Unprotecting costs about 6 µs of CPU (key derivation, AES, HMAC) on every request with a cookie, a
    // tenth of a session read. A genuine cookie always yields the same id, so the ids of recently verified
    // cookies are kept for a minute. Only cookies that passed Unprotect (or that this app just protected)
    // get in; any other string is decrypted and rejected as before. The minute bounds how long a revoked
    // Data Protection key still opens a cookie this process has verified.
    private static readonly MemoryCacheEntryOptions s_verifiedFor = new() { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public string Protect(string id)
    {
        var cookie = _protector.Protect(id);
        _verified.Set(cookie, id, s_verifiedFor);
        return cookie;
    }

    /// <summary>The id in <paramref name="cookie"/>, or null with the reason it was rejected.</summary>
    /// <exception cref="SessionStoreUnavailableException">The key ring could not be read (it lives in the sessions Redis): the cookie may be perfectly valid.</exception>
    public string? TryUnprotect(string cookie, out string? rejection)
    {
        if (_verified.TryGetValue(cookie, out string? known))
        {
            rejection = null;
            return known;
        }

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
        catch (Exception exception) when (SessionResilience.IsKeyRingOutage(exception))
        {
            // Treating a valid cookie as tampered would hand the user a new, empty session: an outage is an outage.
            throw new SessionStoreUnavailableException("The session cookie could not be read: the Data Protection key ring (kept in the sessions Redis) is unavailable.", exception);
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

        _verified.Set(cookie, id, s_verifiedFor);
        rejection = null;
        return id;
    }

    public void Dispose() => _verified.Dispose();
}
