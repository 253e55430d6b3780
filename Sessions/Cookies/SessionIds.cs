using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// Session ids (144 random bits, base64url: the cookie's secret) and their handles (<see cref="SessionHandle"/>).
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

    /// <summary>The handle of <paramref name="id"/>: what Redis, logs and apps see instead of it.</summary>
    public static SessionHandle HandleOf(string id)
    {
        Span<byte> utf8 = stackalloc byte[IdLength * 3];
        var length = Encoding.UTF8.GetBytes(id, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return new SessionHandle(Base64Url.EncodeToString(hash), Convert.ToHexStringLower(hash[..LogHashBytes]));
    }

    /// <summary>The handle named by <paramref name="handle"/> (an <c>ISession.Id</c>, an index entry), or null when it is not one.</summary>
    public static SessionHandle? FromHandle(string handle)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        // TryDecodeFromChars throws rather than answers false on a character outside the alphabet: check first.
        if (handle.Length != Base64Url.GetEncodedLength(SHA256.HashSizeInBytes)
            || !Base64Url.IsValid(handle)
            || !Base64Url.TryDecodeFromChars(handle, hash, out var written) || written != hash.Length
            || Base64Url.EncodeToString(hash) != handle)
        {
            return null;
        }

        return new SessionHandle(handle, Convert.ToHexStringLower(hash[..LogHashBytes]));
    }
}

/// <summary>
/// What stands for a session id wherever the id itself must not appear. <see cref="Id"/> (base64url of all of
/// SHA-256(id)) keys the session in Redis and is <c>ISession.Id</c>: nothing stored in Redis, shown by MONITOR
/// or written to its AOF opens a session, since only the raw id in the cookie does. <see cref="LogHash"/>, its
/// first 12 hex digits, names the session in logs and traces.
/// </summary>
internal readonly record struct SessionHandle(string Id, string LogHash);
