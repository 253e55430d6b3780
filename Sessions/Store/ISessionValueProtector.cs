using System.Diagnostics.CodeAnalysis;

namespace SessionSample.Sessions;

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
