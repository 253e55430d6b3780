using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions.UnitTests.Scripts;

/// <summary>
/// The generated prologue of every script: the schema's constants, the result codes and one local per argument,
/// in the order <see cref="ScriptArgs{TArg}"/> packs ARGV.
/// </summary>
public sealed class SessionScriptTests
{
    public static TheoryData<string> ScriptNames() => [.. SessionScripts.All.Select(script => script.Name)];

    [Fact]
    public void Every_embedded_script_is_one_of_SessionScripts_All_and_each_appears_once()
    {
        var names = SessionScripts.All.Select(script => script.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ScriptSources.Names().Where(name => name != "common").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Equal(22, names.Count);
    }

    [Fact]
    public void SessionScripts_All_lists_every_script_field()
    {
        var fields = typeof(SessionScripts).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(SessionScript))
            .Select(field => (SessionScript)field.GetValue(null)!);

        Assert.Equal(fields.ToHashSet(), SessionScripts.All.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_text_is_the_prologue_then_common_lua_then_the_body_as_embedded(string name)
    {
        var script = Script(name);
        var expectedTail = ScriptSources.Read("common") + "\n" + ScriptSources.Read(name);

        Assert.EndsWith(expectedTail, script.Text, StringComparison.Ordinal);
        Assert.Equal(ScriptSources.Prologue(script).Length + expectedTail.Length, script.Text.Length);
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_SHA1_sent_by_EVALSHA_is_the_SHA1_of_the_text_sent_by_SCRIPT_LOAD(string name)
    {
        var script = Script(name);

        Assert.Equal(SHA1.HashData(Encoding.UTF8.GetBytes(script.Text)), script.Sha1);
    }

    [Fact]
    public void No_two_scripts_share_a_SHA1()
    {
        Assert.Equal(SessionScripts.All.Length, SessionScripts.All.Select(script => Convert.ToHexString(script.Sha1)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_prologue_declares_every_schema_constant_with_its_value(string name)
    {
        var locals = ScriptSources.Locals(ScriptSources.Prologue(Script(name))).ToDictionary(l => l.Name, l => l.Expression);

        Assert.Equal("'~created'", locals["F_CREATED"]);
        Assert.Equal("'~bytes'", locals["F_BYTES"]);
        Assert.Equal("'~gone'", locals["F_GONE"]);
        Assert.Equal("'~flash:'", locals["FLASH_PREFIX"]);
        Assert.Equal("'~'", locals["RESERVED"]);
        Assert.Equal("'ended'", locals["GONE_ENDED"]);
        Assert.Equal("'moved'", locals["GONE_MOVED"]);
        Assert.Equal("'~moving'", locals["F_MOVING"]);
        Assert.Equal("'60000'", locals["TOMBSTONE_MS"]);
        foreach (var (constant, value) in SessionSchema.LuaConstants())
        {
            Assert.Equal($"'{value}'", locals[constant]);
        }
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_prologue_names_every_script_result_in_upper_snake_case(string name)
    {
        var locals = ScriptSources.Locals(ScriptSources.Prologue(Script(name))).ToDictionary(l => l.Name, l => l.Expression);
        var expected = new Dictionary<string, ScriptResult>
        {
            ["OK"] = ScriptResult.Ok,
            ["MISSING"] = ScriptResult.Missing,
            ["GONE"] = ScriptResult.Gone,
            ["ID_TAKEN"] = ScriptResult.IdTaken,
            ["TOO_LARGE"] = ScriptResult.TooLarge,
            ["NOT_INTEGER"] = ScriptResult.NotInteger,
            ["OVERFLOW"] = ScriptResult.Overflow,
            ["HELD"] = ScriptResult.Held,
            ["CONFLICT"] = ScriptResult.Conflict,
            ["SEALED"] = ScriptResult.Sealed,
            ["FULL"] = ScriptResult.Full,
        };

        Assert.Equal(Enum.GetValues<ScriptResult>().Order(), expected.Values.Order());
        foreach (var (constant, result) in expected)
        {
            Assert.Equal(((int)result).ToString(CultureInfo.InvariantCulture), locals[constant]);
        }
    }

    [Theory]
    [InlineData("load", "now:n idle_ms:n absolute_ms:n")]
    [InlineData("take_flashes", "now:n idle_ms:n absolute_ms:n")]
    [InlineData("touch", "now:n idle_ms:n absolute_ms:n")]
    [InlineData("commit", "now:n idle_ms:n absolute_ms:n create:n limit_bytes:n clear:n")]
    [InlineData("increment", "now:n idle_ms:n absolute_ms:n create:n limit_bytes:n delta:s field:s base_kind:n base:s")]
    [InlineData("swap", "now:n idle_ms:n absolute_ms:n create:n limit_bytes:n field:s expect_kind:n expected:s value:s")]
    [InlineData("move_begin", "now:n idle_ms:n absolute_ms:n move_token:s deadline_ms:n lock_token:s")]
    [InlineData("move_copy", "ttl_ms:n lock_token:s lock_ms:n")]
    [InlineData("move_end", "now:n move_token:s deadline_ms:n")]
    [InlineData("move_abort", "move_token:s deadline_ms:n")]
    [InlineData("discard", "")]
    [InlineData("end", "now:n force:n")]
    [InlineData("peek", "")]
    [InlineData("bind", "now:n idle_ms:n absolute_ms:n user:s device:s signed_in:n sign_in:s")]
    [InlineData("unbind", "sign_in:s")]
    [InlineData("index_read", "")]
    [InlineData("index_add", "cap:n refuse:n handle:s signed_in:n replaces:s ttl_ms:n")]
    [InlineData("index_remove", "")]
    [InlineData("index_move", "from:s to:s ttl_ms:n")]
    [InlineData("index_touch", "ttl_ms:n")]
    [InlineData("lock_acquire", "token:s hold_ms:n")]
    [InlineData("lock_release", "token:s")]
    public void The_prologue_reads_each_argument_into_its_named_local_in_order(string name, string arguments)
    {
        // n: tonumber(ARGV[i]); s: ARGV[i] as it came ([LuaString]: a delta past 2^53, a field, a token).
        var expected = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select((argument, i) => (argument.Split(':')[0], argument.EndsWith(":n", StringComparison.Ordinal) ? $"tonumber(ARGV[{i + 1}])" : $"ARGV[{i + 1}]"))
            .Append(("TAIL", (arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + 1).ToString(CultureInfo.InvariantCulture)))
            .ToList();

        var locals = ScriptSources.Locals(ScriptSources.Prologue(Script(name)));

        Assert.Equal(expected, locals.SkipWhile(l => !l.Expression.Contains("ARGV", StringComparison.Ordinal) && l.Name != "TAIL").ToList());
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_success_reply_takes_one_value_per_member_of_the_reply_enum_in_order(string name)
    {
        // C# reads a reply by the same enum (ScriptReply.Get), so reply_ok's parameters are that enum in order.
        var script = Script(name);
        var members = ScriptSources.RepliesOf(script).GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(field => (int)field.GetValue(null)!)
            .Select(field => string.Concat(field.Name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())))
            .ToList();
        var parameters = string.Join(", ", members);

        Assert.Contains($"local function reply_ok({parameters}) return {{OK{(members.Count == 0 ? string.Empty : ", " + parameters)}}} end\n", ScriptSources.Prologue(script), StringComparison.Ordinal);
        Assert.Contains("reply_ok(", LuaNames.Code(ScriptSources.Read(name)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void The_argument_locals_follow_the_enum_the_script_was_made_from(string name)
    {
        var script = Script(name);
        var arguments = ScriptSources.ArgumentsOf(script);
        var members = arguments.GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(field => (int)field.GetValue(null)!).ToList();
        var argumentLocals = ScriptSources.Locals(ScriptSources.Prologue(script))
            .Where(l => l.Expression.Contains("ARGV[", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(members.Count, argumentLocals.Count);
        for (var i = 0; i < members.Count; i++)
        {
            Assert.Equal(i, (int)members[i].GetValue(null)!);
            var raw = $"ARGV[{i + 1}]";
            Assert.Equal(members[i].IsDefined(typeof(LuaStringAttribute)) ? raw : $"tonumber({raw})", argumentLocals[i].Expression);
            Assert.Equal(members[i].Name, Pascal(argumentLocals[i].Name));
        }
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public void TAIL_is_the_first_ARGV_index_after_what_ScriptArgs_packs(string name)
    {
        var script = Script(name);
        var packed = ((Array)typeof(ScriptArgs<>).MakeGenericType(ScriptSources.ArgumentsOf(script))
            .GetProperty(nameof(ScriptArgs<TouchArg>.Values))!
            .GetValue(Activator.CreateInstance(typeof(ScriptArgs<>).MakeGenericType(ScriptSources.ArgumentsOf(script))))!).Length;
        var tail = ScriptSources.Locals(ScriptSources.Prologue(script)).Single(l => l.Name == "TAIL").Expression;

        // Lua counts from 1: the first value after the fixed ones, C#'s Values[packed], is ARGV[packed + 1].
        Assert.Equal((packed + 1).ToString(CultureInfo.InvariantCulture), tail);
    }

    private static SessionScript Script(string name) => SessionScripts.All.Single(script => script.Name == name);

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
