using CsCheck;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// The texts that go where a key, a SKU, a handle, a user name or a message belongs: fixed cases for each
/// named kind (the same every run), and a generator that mixes the same ingredients at random on top.
/// Each starts like a good value where that matters, so a validator that only looks at the start lets it in.
/// </summary>
internal static class BadText
{
    public const string Empty = "empty";
    public const string Huge = "huge";
    public const string ControlCharacters = "control-characters";
    public const string TrailingNewline = "trailing-newline";
    public const string Noncharacters = "noncharacters";
    public const string LoneSurrogates = "lone-surrogates";

    public static readonly IReadOnlyDictionary<string, string[]> Fixed = new Dictionary<string, string[]>
    {
        [Empty] = ["", " ", "\t"],
        // Past each limit: a key (64), a SKU (32), a flash (500 characters), a session value (256 KB).
        [Huge] = [new string('K', 65), new string('S', 33), new string('m', 501), new string('v', 300 * 1024)],
        [ControlCharacters] = ["TEA\u0000", "TEA\u0001X", "TEA\r", "TEA\u001B[2J", "TEA\u007F", "TEA\u0085", "TEA\u2028"],
        [TrailingNewline] = ["theme\n", "TEA-01\n", "alice\n", "TEA\r\n"],
        [Noncharacters] = ["TEA\uFFFE", "TEA\uFFFF", "TEA\uFDD0", "\uFFFE", "TEA\U0001FFFE"],
        [LoneSurrogates] = ["TEA\uD800", "TEA\uDC00", "\uDBFF", "TEA\uDC00\uD800"],
    };

    /// <summary>The kinds above, for xunit's MemberData.</summary>
    public static TheoryData<string> Kinds() => [.. Fixed.Keys];

    // Characters that have broken parsers, validators, Redis keys or HTML before, plus good ones to hide them among.
    private static readonly Gen<char> Dangerous = Gen.OneOf(
        Gen.Char['\0', '\u001F'],
        Gen.Const('\u007F'), Gen.Const('\u0085'), Gen.Const('\u2028'), Gen.Const('\u2029'),
        Gen.OneOf<char>('\uFFFE', '\uFFFF', '\uFEFF', '\uFFFD'),
        Gen.Char['\uFDD0', '\uFDEF'],
        Gen.Char['\uD800', '\uDFFF'],
        Gen.OneOf<char>('"', '\\', '/', '%', '&', '=', '?', '#', ';', '<', '>', '\'', ' ', '~', ':', '+'));

    private static readonly Gen<char> Good = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-abcxyz_.:"];

    /// <summary>
    /// A random bad text: good characters with dangerous ones mixed in, sometimes a good text with a newline
    /// at the end, sometimes a long run past the limits. CsCheck shrinks a failure to a short one.
    /// </summary>
    public static readonly Gen<string> Generated = Gen.Frequency(
        (6, Gen.Frequency((3, Good), (2, Dangerous)).Array[0, 40].Select(chars => new string(chars))),
        (2, Good.Array[1, 32].Select(chars => new string(chars) + "\n")),
        (1, Gen.Int[33, 3000].Select(length => new string('X', length))));
}
