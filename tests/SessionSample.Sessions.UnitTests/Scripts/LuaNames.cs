using System.Text;
using System.Text.RegularExpressions;

namespace SessionSample.Sessions.UnitTests.Scripts;

/// <summary>
/// Just enough of a Lua lexer to list the names a chunk uses and declares: comments and string literals are
/// blanked out, field names after <c>.</c> or <c>:</c> are not names. Scopes are not tracked (a name declared
/// anywhere in the chunk counts as declared), which is enough to catch a name that nothing defines.
/// </summary>
internal static partial class LuaNames
{
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    };

    /// <summary>The globals Redis gives a script that these scripts may use.</summary>
    public static readonly IReadOnlySet<string> RedisGlobals = new HashSet<string>(StringComparer.Ordinal)
    {
        "redis", "KEYS", "ARGV", "tonumber", "tostring", "type", "ipairs", "pairs", "string", "table", "math",
    };

    /// <summary>The chunk with comments and string literals replaced by spaces (line breaks kept).</summary>
    public static string Code(string chunk)
    {
        var code = new StringBuilder(chunk.Length);
        for (var i = 0; i < chunk.Length; i++)
        {
            if (chunk[i] == '-' && i + 1 < chunk.Length && chunk[i + 1] == '-')
            {
                Assert.False(chunk.AsSpan(i).StartsWith("--["), "block comments are not supported by this lexer");
                while (i < chunk.Length && chunk[i] != '\n')
                {
                    code.Append(' ');
                    i++;
                }

                if (i < chunk.Length)
                {
                    code.Append('\n');
                }
            }
            else if (chunk[i] is '\'' or '"')
            {
                var quote = chunk[i];
                code.Append(' ');
                for (i++; i < chunk.Length && chunk[i] != quote; i++)
                {
                    Assert.NotEqual('\n', chunk[i]);
                    code.Append(' ');
                    if (chunk[i] == '\\')
                    {
                        i++;
                        code.Append(' ');
                    }
                }

                code.Append(' ');
            }
            else
            {
                Assert.False(chunk.AsSpan(i).StartsWith("[["), "long strings are not supported by this lexer");
                code.Append(chunk[i]);
            }
        }

        return code.ToString();
    }

    /// <summary>Every name the code refers to or declares (not field names, not keywords).</summary>
    public static HashSet<string> Used(string code) =>
        Name().Matches(code).Select(match => match.Value).Where(name => !Keywords.Contains(name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Names the code declares: locals, functions and their parameters, loop variables.</summary>
    public static HashSet<string> Declared(string code)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Declaration().Matches(code))
        {
            foreach (Capture names in match.Groups["names"].Captures)
            {
                foreach (var name in names.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    declared.Add(name);
                }
            }
        }

        return declared;
    }

    /// <summary>Names the chunk declares outside any function: what it gives the chunks after it.</summary>
    public static HashSet<string> TopLevel(string code) =>
        TopLevelDeclaration().Matches(code).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<![.:\w])[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Name();

    // local a, b =   |   local function f(p, q)   |   function f(p)   |   for i =   |   for k, v in
    [GeneratedRegex(@"\blocal\s+function\s+(?<names>\w+)\s*\((?<names>[\w\s,]*)\)|\bfunction\s+(?<names>\w*)\s*\((?<names>[\w\s,]*)\)|\blocal\s+(?!function\b)(?<names>\w+(\s*,\s*\w+)*)|\bfor\s+(?<names>\w+(\s*,\s*\w+)*)\s*(=|\bin\b)")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^local\s+(function\s+)?(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelDeclaration();
}
