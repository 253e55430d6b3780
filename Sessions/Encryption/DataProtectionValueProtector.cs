using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions.Encryption;

/// <summary>
/// Value encryption at rest: the payload of a protected value is its Data Protection payload under <see cref="Purpose"/>,
/// with the key ring both apps share. The payload names the key it was made with, so a value written before a key
/// rotation opens after it (until that key is revoked). A payload is not bound to its session or key name: a
/// regeneration copies stored values as they are, and a reader that accepts plain values could not tell a moved
/// payload from a written one anyway; encryption here keeps values secret, it does not authenticate Redis.
/// </summary>
internal sealed class DataProtectionValueProtector(IDataProtectionProvider dataProtection, IOptions<ValueEncryptionOptions> options) : ISessionValueProtector
{
    /// <summary>Values get a purpose of their own: a value's payload never opens as a cookie, and the other way round.</summary>
    public const string Purpose = "SessionSample.Sessions.Values";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public bool ProtectsNewValues { get; } = options.Value.EncryptNewValues;

    public byte[] Protect(byte[] value)
    {
        try
        {
            return _protector.Protect(value);
        }
        catch (Exception exception) when (SessionResilience.IsKeyRingOutage(exception))
        {
            throw KeyRingUnavailable("encrypted", exception);
        }
    }

    public bool TryUnprotect(byte[] payload, [NotNullWhen(true)] out byte[]? value)
    {
        try
        {
            value = _protector.Unprotect(payload);
            return true;
        }
        catch (Exception exception) when (SessionResilience.IsKeyRingOutage(exception))
        {
            throw KeyRingUnavailable("decrypted", exception);
        }
        catch (CryptographicException)
        {
            value = null;
            return false;
        }
    }

    private static SessionStoreUnavailableException KeyRingUnavailable(string what, Exception exception) =>
        new($"A session value could not be {what}: the Data Protection key ring (kept in the sessions Redis) is unavailable.", exception);
}

/// <summary>Settings of value encryption (<c>AddValueEncryption()</c>), bound from the <c>Sessions:Encryption</c> configuration section.</summary>
public sealed class ValueEncryptionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Sessions:Encryption";

    /// <summary>
    /// Whether new values are encrypted (the default). False stores new values as they are but still decrypts the
    /// encrypted values already stored: the way to turn encryption off under live sessions without breaking a read.
    /// </summary>
    public bool EncryptNewValues { get; set; } = true;
}
