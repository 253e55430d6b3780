using System.Text.RegularExpressions;

namespace SessionSample.Sessions.UnitTests.Scripts;

/// <summary>
/// The other half of "C# and Lua cannot drift": a script body may only use names that its prologue (the schema,
/// the result codes, its own arguments), common.lua or the body itself define. An argument it spells by
/// position (<c>ARGV[3]</c>), a result code or field name it spells as a literal, or an argument its enum does
/// not have, fails here instead of at run time in Redis.
/// </summary>
public sealed partial class ScriptBodyTests
{
    public static TheoryData<string> ScriptNames() => [.. SessionScripts.All.Select(script => script.Name)];

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_uses_only_names_defined_by_its_prologue_common_lua_or_itself(string name)
    {
        var script = Script(name);
        var body = LuaNames.Code(ScriptSources.Read(name));
        var defined = PrologueNames(script)
            .Concat(LuaNames.TopLevel(LuaNames.Code(ScriptSources.Read("common"))))
            .Concat(LuaNames.Declared(body))
            .Concat(LuaNames.RedisGlobals)
            .ToHashSet(StringComparer.Ordinal);

        var undefined = LuaNames.Used(body).Where(used => !defined.Contains(used)).Order(StringComparer.Ordinal).ToList();

        Assert.True(undefined.Count == 0, $"{name}.lua uses names nothing defines: {string.Join(", ", undefined)}");
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_reads_every_argument_its_enum_declares(string name)
    {
        var script = Script(name);
        var used = LuaNames.Used(LuaNames.Code(ScriptSources.Read(name)));

        var unread = ArgumentNames(script).Where(argument => !used.Contains(argument)).ToList();

        Assert.True(unread.Count == 0, $"{name}.lua never reads {string.Join(", ", unread)}: the C# side packs an argument the script ignores");
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_never_redeclares_a_prologue_or_common_name(string name)
    {
        // A local named like an argument would silently hide the value C# packed.
        var script = Script(name);
        var reserved = PrologueNames(script).Concat(LuaNames.TopLevel(LuaNames.Code(ScriptSources.Read("common")))).ToHashSet(StringComparer.Ordinal);

        var shadowing = LuaNames.Declared(LuaNames.Code(ScriptSources.Read(name))).Where(reserved.Contains).ToList();

        Assert.True(shadowing.Count == 0, $"{name}.lua redeclares {string.Join(", ", shadowing)}");
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_reads_ARGV_only_past_TAIL_never_by_a_literal_position(string name)
    {
        var body = LuaNames.Code(ScriptSources.Read(name));

        Assert.DoesNotMatch(LiteralArgv(), body);
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_spells_no_metadata_field_or_result_code_as_a_literal(string name)
    {
        // Comments may name fields; code must use F_BYTES, GONE_MOVED... (the one declaration is SessionSchema).
        var code = string.Join('\n', ScriptSources.Read(name).Split('\n').Select(line => line.Split("--")[0]));

        foreach (var (constant, value) in SessionSchema.LuaConstants().Where(constant => constant.Value.Length > 1))
        {
            Assert.False(
                code.Contains($"'{value}'", StringComparison.Ordinal) || code.Contains($"\"{value}\"", StringComparison.Ordinal),
                $"{name}.lua spells {constant} as the literal {value}");
        }

        // A result is the first element of the reply table: {OK, ...}, never {1, ...} or {-2}.
        Assert.DoesNotMatch(LiteralResult(), LuaNames.Code(ScriptSources.Read(name)));
    }

    [Fact]
    public void Common_lua_uses_no_argument_of_any_script()
    {
        // common.lua is shared by scripts with different arguments: it may only use what its functions are given.
        var common = LuaNames.Code(ScriptSources.Read("common"));
        var declared = LuaNames.Declared(common);
        // The prologue of a script without arguments: schema constants and result codes only.
        var constants = PrologueNames(Script("discard"));

        var free = LuaNames.Used(common).Where(used => !declared.Contains(used) && !constants.Contains(used) && !LuaNames.RedisGlobals.Contains(used)).ToList();

        Assert.True(free.Count == 0, $"common.lua uses names nothing defines: {string.Join(", ", free)}");
        Assert.DoesNotMatch(LiteralArgv(), common);
        Assert.DoesNotContain("ARGV", LuaNames.Used(common));
    }

    [Fact]
    public void The_lexer_finds_a_name_nothing_defines()
    {
        // The checks above are only as good as the lexer: a misspelt argument and a raw position must show up.
        var code = LuaNames.Code("local x = tonumber(ARGV[2]) -- idle_ms\nreturn {OK, idel_ms, 'limit_bytes', x.field}");

        Assert.Equal(["ARGV", "OK", "idel_ms", "tonumber", "x"], LuaNames.Used(code).Order(StringComparer.Ordinal));
        Assert.Equal(["x"], LuaNames.Declared(code));
        Assert.Equal(["a", "b", "f", "i", "k", "v"], LuaNames.Declared(LuaNames.Code("local function f(a, b)\nfor i = 1, 2 do end\nfor k, v in pairs(a) do end\nend")).Order(StringComparer.Ordinal));
        Assert.Matches(LiteralArgv(), code);
    }

    private static SessionScript Script(string name) => SessionScripts.All.Single(script => script.Name == name);

    private static HashSet<string> PrologueNames(SessionScript script) =>
        ScriptSources.Locals(ScriptSources.Prologue(script)).Select(l => l.Name)
            .Concat(LuaNames.TopLevel(LuaNames.Code(ScriptSources.Prologue(script))))
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> ArgumentNames(SessionScript script) =>
        ScriptSources.Locals(ScriptSources.Prologue(script)).Where(l => l.Expression.Contains("ARGV[", StringComparison.Ordinal)).Select(l => l.Name);

    [GeneratedRegex(@"ARGV\s*\[\s*\d")]
    private static partial Regex LiteralArgv();

    [GeneratedRegex(@"return\s*\{\s*-?\d")]
    private static partial Regex LiteralResult();
}
