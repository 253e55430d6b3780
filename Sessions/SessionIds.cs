using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>Session ids (144 random bits, base64url) and the short hash that stands for them in telemetry.</summary>
internal static class SessionIds
{
    private const int IdBytes = 18;
    public const int IdLength = 24;
    private const int HashBytes = 6;

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

    /// <summary>First 12 hex digits of SHA-256(id): enough to correlate logs, useless to hijack a session.</summary>
    public static string Hash(string id)
    {
        Span<byte> utf8 = stackalloc byte[IdLength * 3];
        var length = Encoding.UTF8.GetBytes(id, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return Convert.ToHexStringLower(hash[..HashBytes]);
    }
}
