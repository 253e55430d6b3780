using System.Text.Json;
using System.Text.RegularExpressions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// Every API route (ApiService/Apis/*.cs) and how each kind of bad input reaches it: a text in a path segment or
/// a JSON field, a bad body, a wrong method, a second session cookie. The rules say which of them must be refused.
/// </summary>
internal static partial class ApiProbes
{
    private static readonly HttpMethod[] Methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch];

    /// <summary>The routes without input, with their one method; the sign-outs end the session when they work.</summary>
    public static readonly (HttpMethod Method, string Path, bool EndsSession)[] Bare =
    [
        (HttpMethod.Get, "/api/status", false), (HttpMethod.Get, "/api/session", false), (HttpMethod.Get, "/api/session/flash", false),
        (HttpMethod.Get, "/api/cart", false), (HttpMethod.Get, "/api/auth/me", false), (HttpMethod.Get, "/api/sessions", false),
        (HttpMethod.Post, "/api/sessions/sign-out-others", false), (HttpMethod.Post, "/api/reports", false),
        (HttpMethod.Get, "/api/reports/latest", false), (HttpMethod.Post, "/api/auth/logout", true),
        (HttpMethod.Post, "/api/sessions/sign-out-everywhere", true),
    ];

    /// <summary>The routes with a path segment, with their method; every bad text there is refused, as the rules say.</summary>
    private static readonly (string What, HttpMethod Method, Func<string, string> Path, Func<string, bool> Valid)[] PathSlots =
    [
        ("session value key", HttpMethod.Put, key => $"/api/session/values/{key}", IsClientKey),
        ("session value key", HttpMethod.Delete, key => $"/api/session/values/{key}", IsClientKey),
        ("counter key", HttpMethod.Post, key => $"/api/session/counters/{key}/increment", IsClientKey),
        ("cart SKU", HttpMethod.Delete, sku => $"/api/cart/items/{sku}", IsSku),
        ("session handle", HttpMethod.Delete, handle => $"/api/sessions/{handle}", _ => false),
    ];

    /// <summary>The routes with a JSON body: their good body and fields (a field's bad text is refused unless <c>Valid</c>).</summary>
    public static readonly JsonRoute[] JsonRoutes =
    [
        new("flash", HttpMethod.Post, "/api/session/flash", """{"message":"hello"}""", ["message"], message => !string.IsNullOrWhiteSpace(message) && message.Length <= 500),
        new("cart line", HttpMethod.Post, "/api/cart/items", """{"sku":"TEA-01","quantity":1}""", ["sku", "quantity"], IsSku),
        new("login user name", HttpMethod.Post, "/api/auth/login", $$"""{"userName":"{{JsonRoute.Nobody}}","password":"guess"}""", ["userName", "password"], _ => false),
        new("login password", HttpMethod.Post, "/api/auth/login", $$"""{"password":"guess","userName":"{{JsonRoute.Nobody}}"}""", ["password", "userName"], _ => false),
        new("session value", HttpMethod.Put, "/api/session/values/note", "\"hello\"", [], _ => true),
    ];

    /// <summary>Where <paramref name="text"/> can go: every path segment, every JSON field (escaped, and raw where that differs), a query string.</summary>
    public static IEnumerable<Probe> ForText(string kind, string text, bool withQuery)
    {
        // Past Kestrel's 8 KB request line the client cannot even finish sending: the long texts go in bodies only.
        foreach (var (what, method, path, valid) in PathSlots.Where(_ => text.Length <= 4096))
        {
            yield return new Probe(kind, what, method, path(Wire.PercentEncode(text)), method == HttpMethod.Put ? BadBody.Of("1", "1") : null,
                valid(text) ? Expect.Anything : Expect.Refusal, text);
        }

        // The password slot once a kind: a login is the slowest request (the password hash).
        foreach (var route in JsonRoutes.Where(route => withQuery || route.What != "login password"))
        {
            // A failed sign-in counts against the name it trims and folds to: never alice's, whom every test signs in as.
            var value = route.Path == "/api/auth/login" && text.Trim().Equals("alice", StringComparison.OrdinalIgnoreCase) ? "not-" + text : text;
            var escaped = route.With(Wire.JsonString(value));
            var refused = !route.Valid(text) || escaped.Length > 256 * 1024;
            yield return route.Probe(kind, BadBody.Of("escaped", escaped), refused ? Expect.Refusal : Expect.Anything, text);
            if (route.Fields.Count == 0)
            {
                // Read at once, before the next value replaces it: a stored value must never break the session's view.
                yield return new Probe(kind, "the session holding that value", HttpMethod.Get, "/api/session", Expect: Expect.Anything, Input: text);
            }
            if (text.Any(c => c < ' ') || HasLoneSurrogate(text))
            {
                // Raw: a control character is not JSON and a lone surrogate's bytes are not UTF-8; both are refused.
                var raw = route.With("\"" + value + "\"");
                yield return route.Probe(kind, new BadBody("raw", Wire.RawUtf8(raw), BadBody.Json), Expect.Refusal, text);
            }
        }

        if (withQuery && text.Length <= 4096)
        {
            foreach (var (method, path, endsSession) in Bare)
            {
                yield return new Probe(kind, "query string", method, $"{path}?q={Wire.PercentEncode(text)}", Expect: Expect.Anything, Input: text, EndsSession: endsSession);
            }
        }
    }

    /// <summary>A bad body on every route that reads one, and on every route that reads none.</summary>
    public static IEnumerable<Probe> ForBody(string kind)
    {
        foreach (var route in JsonRoutes)
        {
            foreach (var body in BadBodies.Fixed(kind, route.Fresh(), route.Fields))
            {
                yield return route.Probe(kind, body, ExpectOf(kind, route, body));
            }
        }

        foreach (var (method, path, endsSession) in Bare)
        {
            yield return new Probe(kind, "an unread body", method, path, BadBodies.Fixed(kind, "{}", ["a"]).First(), Expect.Anything, EndsSession: endsSession);
        }
    }

    /// <summary>Every route under each method it does not map: 404 or 405 problem+json.</summary>
    public static IEnumerable<Probe> WrongMethods(string kind)
    {
        var routes = Bare.Select(route => (route.Method, route.Path))
            .Concat(PathSlots.Select(slot => (slot.Method, Path: slot.Path("note"))))
            .Concat(JsonRoutes.Select(route => (route.Method, route.Path)));
        foreach (var (mapped, path) in routes.Distinct())
        {
            foreach (var method in Methods.Where(method => method != mapped && !Maps(path, method)))
            {
                yield return new Probe(kind, "a method the route does not map", method, path, BadBody.Of("{}", "{}"));
            }
        }
    }

    private static bool Maps(string path, HttpMethod method) =>
        PathSlots.Any(slot => slot.Method == method && slot.Path("note") == path)
        || JsonRoutes.Any(route => route.Method == method && route.Path == path)
        || Bare.Any(route => route.Method == method && route.Path == path);

    private static Expect ExpectOf(string kind, JsonRoute route, BadBody body)
    {
        return route.Fields.Count == 0 ? ExpectOfValue(body)
            : kind == BadBodies.WrongContentTypes || body.Description == BadBodies.Twice ? Expect.Anything : Expect.Refusal;
    }

    /// <summary>A session value is any JSON within the store's depth and size.</summary>
    public static Expect ExpectOfValue(BadBody body) => IsJson(body.Bytes) ? Expect.Anything : Expect.Refusal;

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var _ = JsonDocument.Parse(bytes);
            return bytes.Length <= 256 * 1024;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool HasLoneSurrogate(string text) =>
        text.Where((c, i) => char.IsHighSurrogate(c) ? !(i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) : char.IsLowSurrogate(c) && !(i > 0 && char.IsHighSurrogate(text[i - 1]))).Any();

    /// <summary>SessionKeys.ValidateClientKey, anchored at the very end (\z): what the rules mean, not what a regex's $ lets by.</summary>
    public static bool IsClientKey(string key) =>
        !string.IsNullOrWhiteSpace(key) && ClientKey().IsMatch(key)
        && !new[] { "auth:", "cart:", "counter:", "reports:", "web:" }.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    public static bool IsSku(string sku) => Sku().IsMatch(sku);

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]{1,64}\z")]
    private static partial Regex ClientKey();

    [GeneratedRegex(@"^[A-Z0-9-]{1,32}\z")]
    private static partial Regex Sku();
}

/// <summary>An API route with a JSON body; <see cref="With"/> puts a JSON value in its first field (or makes it the body).</summary>
internal sealed record JsonRoute(string What, HttpMethod Method, string Path, string Good, IReadOnlyList<string> Fields, Func<string, bool> Valid)
{
    public const string Nobody = "nobody-bad-input";

    public string With(string jsonValue) => Fields.Count == 0 ? jsonValue : Fresh().Replace(Good[Good.IndexOf(':')..FirstValueEnd()], ":" + jsonValue, StringComparison.Ordinal);

    /// <summary>The good body with a user name of its own: five failures of one name would turn the rest into 429s.</summary>
    public string Fresh() => Good.Replace(Nobody, $"nobody-{Guid.NewGuid():N}"[..20], StringComparison.Ordinal);

    public Probe Probe(string kind, BadBody body, Expect expect, string? input = null) => new(kind, What, Method, Path, body, expect, input);

    // The good bodies put their first field's value (a string or a number) before the first comma or the closing brace.
    private int FirstValueEnd() => Good.IndexOfAny([',', '}']);
}
