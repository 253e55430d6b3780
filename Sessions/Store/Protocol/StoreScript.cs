using System.Globalization;
using System.Reflection;
using System.Text;

namespace SessionSample.Sessions;

/// <summary>
/// One Lua script of the store: an embedded <c>Store/Scripts/&lt;name&gt;.lua</c> body behind the schema's
/// constants (<see cref="SessionSchema.LuaConstants"/>), the <see cref="ScriptResult"/> codes and the helpers of
/// <c>common.lua</c>, so no script spells a field name or a code. Each body reads its own ARGV at its top, in
/// the order its one caller packs them. It runs by its text through StackExchange.Redis, which sends EVALSHA
/// once a server knows the script (<see cref="SessionScriptPreloader"/> loads them all at startup), loads it in
/// the same round trip when the server does not, and loads it again after a NOSCRIPT (a restarted Redis).
/// </summary>
internal sealed class StoreScript
{
    private StoreScript(string name, string text)
    {
        Name = name;
        Text = text;
    }

    public string Name { get; }

    /// <summary>What SCRIPT LOAD sends; a call sends its SHA-1 once the server has it.</summary>
    public string Text { get; }

    public static StoreScript Embedded(string name)
    {
        var text = new StringBuilder();
        text.Append("-- ").Append(name).Append(".lua, after the constants of SessionSchema and ScriptResult and common.lua\n");
        foreach (var (constant, value) in SessionSchema.LuaConstants())
        {
            text.Append("local ").Append(constant).Append(" = '").Append(value).Append("'\n");
        }

        foreach (var result in Enum.GetValues<ScriptResult>())
        {
            text.Append("local ").Append(LuaName(result)).Append(" = ")
                .Append(((int)result).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append(Resource("common")).Append('\n').Append(Resource(name));
        return new StoreScript(name, text.ToString());
    }

    /// <summary>A code's Lua constant: its name in upper snake case (<c>IdTaken</c> is <c>ID_TAKEN</c>).</summary>
    internal static string LuaName(ScriptResult result) => SnakeCase.Of(result.ToString()).ToUpperInvariant();

    private static string Resource(string name)
    {
        var resource = $"SessionSample.Sessions.Store.Scripts.{name}.lua";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The script resource {resource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
