using System.Text;
using CsCheck;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>A request body as sent: its bytes and its Content-Type (null for none).</summary>
internal sealed record BadBody(string Description, byte[] Bytes, string? ContentType)
{
    public const string Json = "application/json";

    public static BadBody Of(string description, string text, string? contentType = Json) => new(description, Encoding.UTF8.GetBytes(text), contentType);

    public override string ToString() =>
        $"{Description} [{ContentType ?? "no content type"}, {Bytes.Length} bytes: {Shown(Encoding.UTF8.GetString(Bytes))}]";

    /// <summary>A text as a test message shows it: escaped, and cut when long.</summary>
    public static string Shown(string text)
    {
        var escaped = Wire.JsonString(text.Length > 120 ? text[..120] : text);
        return text.Length > 120 ? $"{escaped}… ({text.Length} chars)" : escaped;
    }
}

/// <summary>
/// The body kinds: JSON nested past the parsers' depth of 64, JSON of the wrong types for an endpoint's fields,
/// the right JSON under the wrong Content-Type. Each takes the endpoint's field names, so it reaches its binder.
/// </summary>
internal static class BadBodies
{
    public const string DeepJson = "deep-json";
    public const string WrongJsonTypes = "wrong-json-types";
    public const string WrongContentTypes = "wrong-content-types";

    /// <summary>The one wrong-types body an endpoint may take: the last of a field given twice wins.</summary>
    public const string Twice = "a field given twice";

    public static TheoryData<string> Kinds() => [DeepJson, WrongJsonTypes, WrongContentTypes];

    // 62 to 64 straddle System.Text.Json's default depth, where reading, re-reading inside another object and writing differ.
    private static readonly int[] Depths = [62, 63, 64, 65, 1_000, 100_000];

    /// <summary>A JSON array nested <paramref name="depth"/> deep around <c>1</c>.</summary>
    public static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    /// <summary>The fixed bodies of <paramref name="kind"/> for an endpoint whose good body is <paramref name="good"/> with <paramref name="fields"/>.</summary>
    public static IEnumerable<BadBody> Fixed(string kind, string good, IReadOnlyList<string> fields) => kind switch
    {
        DeepJson => Depths.SelectMany(depth => fields.Count == 0
            ? [Of($"nested {depth} deep", Nested(depth))]
            : new[] { Of($"nested {depth} deep", Nested(depth)) }.Concat(fields.Select(field =>
                Of($"{field} nested {depth} deep", $"{{\"{field}\":{Nested(depth)}}}")))),
        WrongJsonTypes => new[] { "null", "[]", "\"text\"", "true", "{}", "[1,2]", "{\"a\":" }.Select(json => Of("the body is " + json, json))
            .Concat(fields.SelectMany(field => new[] { "1", "1.5", "-1", "2147483648", "1e400", "true", "{}", "[\"A\"]", "null", "\"\"" }
                .Select(value => Of($"{field} is {value}", $"{{\"{field}\":{value}}}"))))
            .Concat(fields.Take(1).Select(field => Of(Twice, good.TrimEnd('}') + $",\"{field}\":\"TWICE\"}}"))),
        WrongContentTypes => new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=utf-16", "application/json; charset=nope", "application/problem+json", "*/*", "application/json, text/plain" }
            .Select(type => new BadBody($"the good body as {type}", Encoding.UTF8.GetBytes(good), type))
            .Append(new BadBody("the good body without a content type", Encoding.UTF8.GetBytes(good), null))
            .Append(new BadBody("the good body in UTF-16", Encoding.Unicode.GetBytes(good), "application/json; charset=utf-16"))
            .Append(new BadBody("the good body after a BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(good)], BadBody.Json)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// A random body for an endpoint: its fields holding random JSON values (deep ones among them), or random
    /// JSON-ish text, under a right or wrong Content-Type.
    /// </summary>
    public static Gen<BadBody> Generated(IReadOnlyList<string> fields) =>
        Gen.Select(JsonValue.Array[0, 3], Gen.Frequency((6, Gen.Const<string?>(BadBody.Json)), (1, Gen.OneOf<string?>("text/plain", null, "application/xml", "application/json; charset=utf-16"))))
            .Select((values, type) =>
            {
                var members = fields.Zip(values, (field, value) => $"\"{field}\":{value}");
                var json = values.Length == 0 ? "{}" : fields.Count == 0 ? values[0] : "{" + string.Join(',', members) + "}";
                return new BadBody("generated", Wire.RawUtf8(json), type);
            });

    private static readonly Gen<string> JsonValue = Gen.Frequency(
        (3, BadText.Generated.Select(Wire.JsonString)),
        (1, Gen.OneOf("null", "true", "0", "-0", "1.5", "99", "100", "2147483648", "-2147483649", "1e400", "{}", "[]", "\"\"")),
        (1, Gen.Int[1, 200].Select(Nested)),
        (1, Gen.Int[0, 20].Select(cut => "{\"a\":[1,2,{\"b\":\"c\"}]}"[..cut])));

    private static BadBody Of(string description, string json) => BadBody.Of(description, json);
}
