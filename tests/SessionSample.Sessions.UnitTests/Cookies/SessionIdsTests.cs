using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions.UnitTests.Cookies;

/// <summary>The raw id (a bearer credential), the public id derived from it, and the short hash logs and traces carry.</summary>
public sealed class SessionIdsTests
{
    [Fact]
    public void A_new_id_is_24_base64url_characters_carrying_144_random_bits()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => SessionIds.NewId()).ToList();

        Assert.All(ids, id =>
        {
            Assert.Equal(24, id.Length);
            Assert.True(SessionIds.IsWellFormed(id), id);
            Assert.Equal(18, Base64Url.DecodeFromChars(id).Length);
        });
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_handle_is_the_whole_SHA256_of_the_id_in_43_base64url_characters()
    {
        var id = SessionIds.NewId();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));

        var publicId = SessionIds.HandleOf(id).Id;

        Assert.Equal(43, publicId.Length);
        Assert.Equal(hash, Base64Url.DecodeFromChars(publicId));
        Assert.DoesNotContain('=', publicId);
        Assert.DoesNotContain(id, publicId, StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_hash_is_the_first_12_hex_digits_of_the_same_SHA256()
    {
        var id = SessionIds.NewId();
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

        var (publicId, logHash) = SessionIds.HandleOf(id);

        Assert.Matches("^[0-9a-f]{12}$", logHash);
        Assert.StartsWith(logHash, hex, StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(Base64Url.DecodeFromChars(publicId))[..12], logHash);
    }

    [Fact]
    public void The_handle_is_stable_and_tells_ids_apart()
    {
        var (first, second) = (SessionIds.NewId(), SessionIds.NewId());

        Assert.Equal(SessionIds.HandleOf(first), SessionIds.HandleOf(first));
        Assert.NotEqual(SessionIds.HandleOf(first).Id, SessionIds.HandleOf(second).Id);
        Assert.NotEqual(SessionIds.HandleOf(first).LogHash, SessionIds.HandleOf(second).LogHash);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwx", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWX", true)]
    [InlineData("0123456789-_0123456789-_", true)]
    [InlineData("abcdefghijklmnopqrstuvw", false)]
    [InlineData("abcdefghijklmnopqrstuvwxy", false)]
    [InlineData("", false)]
    [InlineData("abcdefghijklmnopqrstuv+/", false)]
    [InlineData("abcdefghijklmnopqrstuvw=", false)]
    [InlineData("abcdefghijklmnopqrstuvw ", false)]
    [InlineData("abcdefghijklmnopqrstuvwé", false)]
    [InlineData("abcdefghijklmnopqrstuvw٣", false)]
    public void IsWellFormed_accepts_exactly_24_base64url_characters(string id, bool expected)
    {
        Assert.Equal(expected, SessionIds.IsWellFormed(id));
    }
}
