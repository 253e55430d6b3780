using System.Diagnostics.CodeAnalysis;

namespace SessionSample.Sessions;

/// <summary>
/// The codec seam: the one encoding of values between a session and Redis. Every value (user keys, counters,
/// flash messages, the binding's user and device, offloaded data) passes through it on its way to and from Redis,
/// and every size check counts what it produces. Without a value protector (the default) a value is stored as it is;
/// with one (<c>AddValueEncryption()</c>, <see cref="ISessionValueProtector"/>) a protected value is stored as
/// <see cref="Marker"/> followed by the protector's payload.
/// <para>
/// Whatever carries the marker is opened on the way back and anything else is read as it is: values stored before
/// protection was turned on still read. A marked value this store cannot open (no protector, a revoked key, bytes
/// not made by this key ring) is no value: the caller treats it as absent, loudly, and never hands its bytes to the app.
/// </para>
/// </summary>
internal sealed class SessionValueCodec(ISessionValueProtector? protector)
{
    /// <summary>The identity codec: stores values as they are, opens no protected value.</summary>
    public static SessionValueCodec Identity { get; } = new(null);

    /// <summary>Whether new values are stored protected (reads open protected values either way, when a protector is there).</summary>
    public bool Encrypts { get; } = protector is { ProtectsNewValues: true };

    /// <summary>
    /// What a protected value starts with. 0xFF never starts UTF-8 text, so no text, JSON or decimal number a session
    /// held before protection was turned on is taken for a protected value; a binary value that starts with these four
    /// bytes would be (see docs/configuration.md). The scripts know it too: the plain increment refuses such a value.
    /// </summary>
    public static ReadOnlySpan<byte> Marker => [0xFF, (byte)'e', (byte)'n', (byte)'c'];

    public static bool IsSealed(ReadOnlySpan<byte> stored) => stored.StartsWith(Marker);

    /// <summary>What Redis is to hold for <paramref name="value"/>: the value itself, or the marker and its payload.</summary>
    /// <exception cref="SessionStoreUnavailableException">The protector's keys (kept in the sessions Redis) could not be read.</exception>
    public byte[] Seal(byte[] value)
    {
        if (!Encrypts)
        {
            return value;
        }

        var payload = protector!.Protect(value);
        var stored = new byte[Marker.Length + payload.Length];
        Marker.CopyTo(stored);
        payload.CopyTo(stored.AsSpan(Marker.Length));
        return stored;
    }

    /// <summary>
    /// The value behind what Redis holds. False for a protected value this store cannot open: no protector, its key
    /// was revoked or lost, or the bytes were not made by this key ring.
    /// </summary>
    /// <exception cref="SessionStoreUnavailableException">The protector's keys could not be read: the value may be perfectly fine.</exception>
    public bool TryOpen(byte[] stored, [NotNullWhen(true)] out byte[]? value)
    {
        if (!IsSealed(stored))
        {
            value = stored;
            return true;
        }

        value = null;
        return protector is not null && protector.TryUnprotect(stored[Marker.Length..], out value);
    }
}

/// <summary>
/// The seam a value-protecting module plugs into (<see cref="SessionValueCodec"/>): it turns a value into the payload
/// Redis holds and back. The core frames the payload (<see cref="SessionValueCodec.Marker"/>), counts its bytes against
/// the size limits, sends it, and runs a counter on it by compare-and-swap (a script cannot add to a payload). One
/// implementation at most is registered; none means values are stored as they are.
/// </summary>
internal interface ISessionValueProtector
{
    /// <summary>Whether new values are protected; false keeps opening protected values while storing new ones as they are.</summary>
    bool ProtectsNewValues { get; }

    /// <summary>The payload for <paramref name="value"/>.</summary>
    /// <exception cref="SessionStoreUnavailableException">The keys could not be read.</exception>
    byte[] Protect(byte[] value);

    /// <summary>The value behind <paramref name="payload"/>; false when these keys cannot open it.</summary>
    /// <exception cref="SessionStoreUnavailableException">The keys could not be read.</exception>
    bool TryUnprotect(byte[] payload, [NotNullWhen(true)] out byte[]? value);
}
