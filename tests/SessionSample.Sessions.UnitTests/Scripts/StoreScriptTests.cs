using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace SessionSample.Sessions.UnitTests.Scripts;

/// <summary>
/// The store's scripts as shipped: each is the schema's constants and the result codes, then common.lua, then its
/// embedded body; a body uses only names those or it define (an argument it reads into a local, not a misspelt
/// constant), and spells no field name or result code as a literal, so SessionSchema stays their one declaration.
/// </summary>
public sealed partial class StoreScriptTests
{
    private static readonly string s_prefix = typeof(StoreScript).Namespace + ".Store.Scripts.";

    // The core's scripts and every module's, as the module registrations declare them.
    private static readonly StoreScript[] s_all = [.. StoreScripts.All, .. ModuleScripts()];

    public static TheoryData<string> ScriptNames() => [.. s_all.Select(script => script.Name)];

    [Fact]
    public void Every_embedded_script_is_declared_once_by_the_core_or_a_module()
    {
        var names = s_all.Select(script => script.Name).ToList();
        var embedded = typeof(StoreScript).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(s_prefix, StringComparison.Ordinal))
            .Select(name => name[s_prefix.Length..^".lua".Length])
            .Where(name => name != "common");

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(embedded.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(
            typeof(StoreScripts).GetFields(BindingFlags.Public | BindingFlags.Static).Count(field => field.FieldType == typeof(StoreScript)),
            StoreScripts.All.Length);
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_text_is_the_constants_then_common_lua_then_the_body(string name)
    {
        var text = Script(name).Text;
        var common = Read("common");

        Assert.EndsWith(common + "\n" + Read(name), text, StringComparison.Ordinal);
        foreach (var (constant, value) in SessionSchema.LuaConstants())
        {
            Assert.Contains($"local {constant} = '{value}'\n", text, StringComparison.Ordinal);
        }

        foreach (var result in Enum.GetValues<ScriptResult>())
        {
            Assert.Contains($"local {StoreScript.LuaName(result)} = {(int)result}\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_code_has_its_own_upper_snake_case_Lua_name()
    {
        var names = Enum.GetValues<ScriptResult>().Select(StoreScript.LuaName).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("ID_TAKEN", StoreScript.LuaName(ScriptResult.IdTaken));
        Assert.Equal("MOVED", StoreScript.LuaName(ScriptResult.Moved));
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_uses_only_names_defined_by_the_constants_common_lua_or_itself(string name)
    {
        var script = Script(name);
        var prologue = script.Text[..script.Text.IndexOf(Read("common"), StringComparison.Ordinal)];
        var body = LuaNames.Code(Read(name));
        var defined = LuaNames.Declared(LuaNames.Code(prologue))
            .Concat(LuaNames.TopLevel(LuaNames.Code(Read("common"))))
            .Concat(LuaNames.Declared(body))
            .Concat(LuaNames.RedisGlobals)
            .ToHashSet(StringComparer.Ordinal);

        var undefined = LuaNames.Used(body).Where(used => !defined.Contains(used)).Order(StringComparer.Ordinal).ToList();

        Assert.True(undefined.Count == 0, $"{name}.lua uses names nothing defines: {string.Join(", ", undefined)}");
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void A_body_spells_no_metadata_field_or_result_code_as_a_literal(string name)
    {
        var code = string.Join('\n', Read(name).Split('\n').Select(line => line.Split("--")[0]));

        foreach (var (constant, value) in SessionSchema.LuaConstants().Where(constant => constant.Value.Length > 1))
        {
            Assert.False(
                code.Contains($"'{value}'", StringComparison.Ordinal) || code.Contains($"\"{value}\"", StringComparison.Ordinal),
                $"{name}.lua spells {constant} as the literal {value}");
        }

        // A reply starts with its code: {OK, ...}, never {1, ...} or {-2}.
        Assert.DoesNotMatch(LiteralResult(), code);
    }

    [Fact]
    public void Common_lua_reads_no_argument()
    {
        // common.lua is shared by scripts with different arguments: it may only use what its functions are given.
        Assert.DoesNotContain("ARGV", LuaNames.Used(LuaNames.Code(Read("common"))));
    }

    [Fact]
    public void A_reply_is_its_code_then_its_values()
    {
        var ok = StoreReply.From(Reply(1, 2500, 17));
        Assert.Equal(ScriptResult.Ok, ok.Result);
        Assert.Equal(2, ok.Count);
        Assert.Equal(2500, ok.Long(0));
        Assert.Equal(17, ok.Long(1));
        Assert.Equal(0, ok.WouldBeBytes);

        Assert.Equal(ScriptResult.Moved, StoreReply.From(Reply((int)ScriptResult.Moved)).Result);
        Assert.Equal(ScriptResult.Gone, StoreReply.From(Reply((int)ScriptResult.Gone)).Result);
        Assert.Equal(4097, StoreReply.From(Reply((int)ScriptResult.TooLarge, 4097)).WouldBeBytes);
        Assert.Equal(800, StoreReply.From(Reply((int)ScriptResult.Locked, 800)).HolderMsLeft);
    }

    [Fact]
    public void A_conflict_says_what_the_field_holds_or_that_it_is_absent()
    {
        var held = StoreReply.From(RedisResult.Create([RedisResult.Create((int)ScriptResult.Conflict), RedisResult.Create((RedisValue)"41"u8.ToArray())]));
        var absent = StoreReply.From(Reply((int)ScriptResult.Conflict));

        Assert.Equal("41"u8.ToArray(), held.Found);
        Assert.Null(absent.Found);
        Assert.Null(StoreReply.From(Reply(1, 5)).Found);
    }

    private static RedisResult Reply(params long[] items) => RedisResult.Create([.. items.Select(item => RedisResult.Create(item))]);

    private static StoreScript Script(string name) => s_all.Single(script => script.Name == name);

    private static IEnumerable<StoreScript> ModuleScripts()
    {
        var services = new ServiceCollection();
        new RedisSessionsBuilder(services).AddSignInBinding().AddValueEncryption().AddSessionLock().AddOffload().AddSignInThrottle().AddWriteThrough();
        return SessionModules.Of(services).Scripts;
    }

    private static string Read(string name)
    {
        using var stream = typeof(StoreScript).Assembly.GetManifestResourceStream($"{s_prefix}{name}.lua")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"return\s*\{\s*-?\d")]
    private static partial Regex LiteralResult();
}
