using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// Session ids (144 random bits, base64url) and what stands for them where an id must not appear: the
/// public id (<see cref="Microsoft.AspNetCore.Http.ISession.Id"/>: all 256 bits of SHA-256(id), so distinct
/// sessions never share one) and its first 12 hex digits, the hash in logs and traces.
/// </summary>
internal static class SessionIds
{
    private const int IdBytes = 18;
    public const int IdLength = 24;
    private const int LogHashBytes = 6;

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool IsWellFormed(string id)
    {
        if (id.Length != IdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The public id and the log hash of <paramref name="id"/>: useless to hijack a session, stable to correlate.</summary>
    public static (string PublicId, string LogHash) Describe(string id)
    {
        Span<byte> utf8 = stackalloc byte[IdLength * 3];
        var length = Encoding.UTF8.GetBytes(id, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return (Base64Url.EncodeToString(hash), Convert.ToHexStringLower(hash[..LogHashBytes]));
    }

    /// <summary>The log hash alone.</summary>
    public static string Hash(string id) => Describe(id).LogHash;
}
