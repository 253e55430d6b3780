using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions;

/// <summary>
/// The one encoding of values between a session and Redis (<see cref="RedisSessionOptions.EncryptValues"/>).
/// Sealed, a value is <see cref="Marker"/> followed by its Data Protection payload under <see cref="Purpose"/>,
/// with the key ring both apps share: the payload names the key it was made with, so a value written before a
/// key rotation opens after it (until that key is revoked). Plain, a value is stored as it is.
/// <para>
/// A value is sealed once, when it enters the session (<c>Set</c>, <c>SetNowAsync</c>, <c>AddFlashAsync</c>, an
/// increment), so the size guards see the bytes Redis will hold; the commit sends that form. Whatever carries
/// the marker is opened on the way back, whatever this app's setting, and anything else is read as it is: values
/// stored before encryption was turned on still read. A payload is not bound to its session or key name:
/// a regeneration copies stored values as they are, and a reader that accepts plain values could not tell a
/// moved payload from a written one anyway; encryption here keeps values secret, it does not authenticate Redis.
/// </para>
/// </summary>
internal sealed class SessionValueCodec(IDataProtectionProvider dataProtection, IOptions<RedisSessionOptions> options)
{
    /// <summary>Values get a purpose of their own: a value's payload never opens as a cookie, and the other way round.</summary>
    public const string Purpose = "SessionSample.Sessions.Values";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>Whether new values are sealed (reads open sealed values either way).</summary>
    public bool Encrypts { get; } = options.Value.EncryptValues;

    /// <summary>
    /// What a sealed value starts with. 0xFF never starts UTF-8 text, so no text, JSON or decimal number a session
    /// held before encryption was turned on is taken for a sealed value; a binary value that starts with these four
    /// bytes would be (see docs/configuration.md).
    /// </summary>
    public static ReadOnlySpan<byte> Marker => [0xFF, (byte)'e', (byte)'n', (byte)'c'];

    public static bool IsSealed(ReadOnlySpan<byte> stored) => stored.StartsWith(Marker);

    /// <summary>What Redis is to hold for <paramref name="value"/>: the value itself, or the marker and its payload.</summary>
    /// <exception cref="SessionStoreUnavailableException">The key ring (kept in the sessions Redis) could not be read.</exception>
    public byte[] Seal(byte[] value)
    {
        if (!Encrypts)
        {
            return value;
        }

        byte[] payload;
        try
        {
            payload = _protector.Protect(value);
        }
        catch (Exception exception) when (SessionResilience.IsKeyRingOutage(exception))
        {
            throw new SessionStoreUnavailableException("A session value could not be encrypted: the Data Protection key ring (kept in the sessions Redis) is unavailable.", exception);
        }

        var stored = new byte[Marker.Length + payload.Length];
        Marker.CopyTo(stored);
        payload.CopyTo(stored.AsSpan(Marker.Length));
        return stored;
    }

    /// <summary>
    /// The value behind what Redis holds. False for a sealed value this key ring cannot open: its key was revoked
    /// or lost, or the bytes were not sealed by this ring (the caller treats the value as absent, loudly).
    /// </summary>
    /// <exception cref="SessionStoreUnavailableException">The key ring could not be read: the value may be perfectly fine.</exception>
    public bool TryOpen(byte[] stored, [NotNullWhen(true)] out byte[]? value)
    {
        if (!IsSealed(stored))
        {
            value = stored;
            return true;
        }

        try
        {
            value = _protector.Unprotect(stored[Marker.Length..]);
            return true;
        }
        catch (Exception exception) when (SessionResilience.IsKeyRingOutage(exception))
        {
            throw new SessionStoreUnavailableException("A session value could not be decrypted: the Data Protection key ring (kept in the sessions Redis) is unavailable.", exception);
        }
        catch (CryptographicException)
        {
            value = null;
            return false;
        }
    }
}
