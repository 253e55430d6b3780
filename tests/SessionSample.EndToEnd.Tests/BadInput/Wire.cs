using System.Globalization;
using System.Text;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// Puts a bad text on the wire exactly as meant. .NET's own encoders replace a lone surrogate with U+FFFD (or
/// throw), which would test a different input; these write it as the bytes a careless client sends instead.
/// </summary>
internal static class Wire
{
    /// <summary>
    /// The text as UTF-8, except that a lone surrogate becomes its three generalized-UTF-8 bytes (ED A0 80 for
    /// U+D800): invalid UTF-8 that a server must refuse or replace, never trip over.
    /// </summary>
    public static byte[] RawUtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogatePair(text, i))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i++, 2)));
            }
            else if (char.IsSurrogate(c))
            {
                bytes.AddRange([(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }

    /// <summary>Percent-encodes every byte of <see cref="RawUtf8"/> but the unreserved ones (RFC 3986), for a path segment or a form field.</summary>
    public static string PercentEncode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in RawUtf8(text))
        {
            var c = (char)b;
            encoded.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' ? c : $"%{b:X2}");
        }

        return encoded.ToString();
    }

    /// <summary>A JSON string literal that escapes control characters and surrogates (<c>"\ud800"</c>) and keeps the rest as they are.</summary>
    public static string JsonString(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return json.Append('"').ToString();
    }

    /// <summary>A form body (<c>application/x-www-form-urlencoded</c>) whose values go out as <see cref="PercentEncode"/> writes them.</summary>
    public static string Form(IEnumerable<(string Name, string Value)> fields) =>
        string.Join('&', fields.Select(field => $"{PercentEncode(field.Name)}={PercentEncode(field.Value)}"));
}
