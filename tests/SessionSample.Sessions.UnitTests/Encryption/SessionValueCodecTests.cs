using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions.UnitTests.Encryption;

/// <summary>
/// The one encoding of values at rest, the codec seam with the encryption module's protector: sealed values carry the
/// marker and open again with the same key ring; plain values pass through either way; a payload altered or made under
/// another purpose or ring does not open; without the module (the identity codec) nothing is sealed and nothing sealed opens.
/// </summary>
public sealed class SessionValueCodecTests
{
    private static readonly IDataProtectionProvider Ring = new EphemeralDataProtectionProvider();

    private static SessionValueCodec Codec(bool encrypt, IDataProtectionProvider? ring = null) =>
        new(new DataProtectionValueProtector(ring ?? Ring, Options.Create(new ValueEncryptionOptions { EncryptNewValues = encrypt })));

    [Fact]
    public void A_sealed_value_carries_the_marker_hides_the_plaintext_and_opens_again()
    {
        var codec = Codec(encrypt: true);
        var value = Encoding.UTF8.GetBytes("card 4111-1111-1111-1111");

        var stored = codec.Seal(value);

        Assert.True(SessionValueCodec.IsSealed(stored));
        Assert.DoesNotContain("4111", Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.True(stored.Length > value.Length, "ciphertext is longer than the plaintext (IV and MAC): the size guard must count it");
        Assert.True(codec.TryOpen(stored, out var opened));
        Assert.Equal(value, opened);
    }

    [Fact]
    public void Without_the_module_a_value_is_stored_as_it_is()
    {
        var codec = SessionValueCodec.Identity;
        var value = Encoding.UTF8.GetBytes("plain");

        Assert.False(codec.Encrypts);
        Assert.Same(value, codec.Seal(value));
        Assert.True(codec.TryOpen(value, out var opened));
        Assert.Same(value, opened);
    }

    [Fact]
    public void Without_the_module_a_sealed_value_is_no_value_rather_than_its_ciphertext()
    {
        var stored = Codec(encrypt: true).Seal([1, 2, 3]);

        Assert.False(SessionValueCodec.Identity.TryOpen(stored, out var opened));
        Assert.Null(opened);
    }

    [Fact]
    public void The_module_encrypts_new_values_by_default()
    {
        var codec = new SessionValueCodec(new DataProtectionValueProtector(Ring, Options.Create(new ValueEncryptionOptions())));

        Assert.True(codec.Encrypts);
        Assert.True(SessionValueCodec.IsSealed(codec.Seal([1])));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_value_without_the_marker_reads_as_it_is_whatever_the_setting(bool encrypt)
    {
        var value = Encoding.UTF8.GetBytes("{\"written\":\"before encryption was turned on\"}");

        Assert.True(Codec(encrypt).TryOpen(value, out var opened));
        Assert.Same(value, opened);
    }

    [Fact]
    public void A_sealed_value_opens_after_encryption_is_turned_off()
    {
        var stored = Codec(encrypt: true).Seal([1, 2, 3]);

        Assert.True(Codec(encrypt: false).TryOpen(stored, out var opened));
        Assert.Equal([1, 2, 3], opened);
    }

    [Fact]
    public void An_altered_payload_does_not_open()
    {
        var codec = Codec(encrypt: true);
        var stored = codec.Seal(Encoding.UTF8.GetBytes("alice"));
        stored[^1] ^= 0x01;

        Assert.False(codec.TryOpen(stored, out var opened));
        Assert.Null(opened);
    }

    [Fact]
    public void A_payload_of_another_key_ring_does_not_open()
    {
        var stored = Codec(encrypt: true, new EphemeralDataProtectionProvider()).Seal([42]);

        Assert.False(Codec(encrypt: true).TryOpen(stored, out _));
    }

    [Fact]
    public void A_payload_made_for_another_purpose_does_not_open_as_a_value()
    {
        // A cookie payload copied into a value (or the other way round) is refused: the purpose is part of the key.
        var cookie = Ring.CreateProtector(SessionCookieCodec.Purpose).Protect([7, 7, 7]);
        var forged = SessionValueCodec.Marker.ToArray().Concat(cookie).ToArray();

        Assert.False(Codec(encrypt: true).TryOpen(forged, out _));
    }

    [Fact]
    public void The_marker_never_starts_UTF8_text()
    {
        // 0xFF is no valid UTF-8 byte, so no string a session held before could be taken for a sealed value.
        Assert.Equal(0xFF, SessionValueCodec.Marker[0]);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(SessionValueCodec.Marker));
    }
}
