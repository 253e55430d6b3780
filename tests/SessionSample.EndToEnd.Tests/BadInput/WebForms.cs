namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// One post of a page form (WebFrontend/Pages/*.cshtml.cs), or another request to a page: which page gives its
/// antiforgery token, where it goes, its fields. <see cref="WebBatch"/> adds the token unless <see cref="WithToken"/> is false.
/// </summary>
internal sealed record FormPost(
    string Kind,
    string What,
    string Page,
    string Action,
    IReadOnlyList<(string Name, string Value)> Fields,
    Expect Expect = Expect.Anything,
    string? Input = null,
    bool EndsSession = false,
    bool WithToken = true,
    string ContentType = "application/x-www-form-urlencoded",
    string Method = "POST",
    string? ExtraCookies = null)
{
    public Probe ToProbe(string? token)
    {
        var fields = WithToken && token is not null ? Fields.Append(("__RequestVerificationToken", token)) : Fields;
        var body = new BadBody("form", System.Text.Encoding.ASCII.GetBytes(Wire.Form(fields)), ContentType.Length == 0 ? null : ContentType);
        return new Probe(Kind, What, new HttpMethod(Method), Action, Method == "GET" ? null : body, Expect, Input, ExtraCookies, EndsSession);
    }
}

/// <summary>Every page form and how each kind of bad input reaches it.</summary>
internal static class WebForms
{
    public static readonly string[] Pages = ["/", "/Cart", "/SignIn", "/Devices", "/Report", "/Error"];

    /// <summary>A bad text in every field of every form; the sign-in form gets it with an empty password, which never reaches the API.</summary>
    public static IEnumerable<FormPost> ForText(string kind, string text, bool first)
    {
        var sku = ApiProbes.IsSku(text) ? Expect.Anything : Expect.Refusal;
        yield return new(kind, "cart add, sku", "/Cart", "/Cart?handler=Add", [("Input.Sku", text), ("Input.Quantity", "1")], sku, text);
        var quantity = int.TryParse(text, out var number) && number is >= 1 and <= 99 ? Expect.Anything : Expect.Refusal;
        yield return new(kind, "cart add, quantity", "/Cart", "/Cart?handler=Add", [("Input.Sku", "TEA-01"), ("Input.Quantity", text)], quantity, text);
        if (text.Length <= 4096)
        {
            yield return new(kind, "cart remove, sku", "/Cart", $"/Cart?handler=Remove&sku={Wire.PercentEncode(text)}", [], sku, text);
        }

        yield return new(kind, "sign-in, user name", "/SignIn", "/SignIn", [("Input.UserName", text), ("Input.Password", "")], Expect.Refusal, text);
        yield return new(kind, "sign-in, return url", "/SignIn", $"/SignIn?ReturnUrl={Wire.PercentEncode(text[..Math.Min(text.Length, 4096)])}", [("Input.UserName", ""), ("Input.Password", "")], Expect.Refusal, text);
        yield return new(kind, "devices, end a handle", "/Devices", "/Devices?handler=End", [("handle", text), ("device", text)], Expect.Anything, text);
        yield return new(kind, "a handler name", "/Cart", $"/Cart?handler={Wire.PercentEncode(text[..Math.Min(text.Length, 4096)])}", [("Input.Sku", "TEA-01")], Expect.Anything, text);
        if (first)
        {
            // Once a kind: this one reaches the API, and failed sign-ins from loopback count against every test's address.
            yield return new(kind, "sign-in, user name and a password", "/SignIn", "/SignIn", [("Input.UserName", text.Trim().Equals("alice", StringComparison.OrdinalIgnoreCase) ? "not-" + text : text), ("Input.Password", "guess")], Expect.Refusal, text);
            foreach (var form in Bare(kind, [("junk", text)]))
            {
                yield return form;
            }
        }
    }

    /// <summary>The forms without fields of their own (a post is all they need), carrying <paramref name="fields"/>; sign-outs last.</summary>
    public static IEnumerable<FormPost> Bare(string kind, IReadOnlyList<(string, string)> fields, string? extraCookies = null) =>
    [
        new(kind, "home", "/", "/", fields, ExtraCookies: extraCookies),
        new(kind, "report", "/Report", "/Report", fields, ExtraCookies: extraCookies),
        new(kind, "devices, sign out others", "/Devices", "/Devices?handler=SignOutOthers", fields, ExtraCookies: extraCookies),
        new(kind, "error page", "/Error", "/Error", fields, ExtraCookies: extraCookies),
        new(kind, "sign out", "/Devices", "/SignOut", fields, EndsSession: true, ExtraCookies: extraCookies),
        new(kind, "devices, sign out everywhere", "/Devices", "/Devices?handler=SignOutEverywhere", fields, EndsSession: true, ExtraCookies: extraCookies),
    ];

    /// <summary>Every form posted without its token: refused with the app's 400 page.</summary>
    public static IEnumerable<FormPost> WithoutToken(string kind) =>
        ForText(kind, "TEA-01", first: true).Select(form => form with { WithToken = false, Expect = Expect.Refusal, EndsSession = false });

    /// <summary>The forms under other Content-Types (JSON, text, broken multipart), and every page under methods it does not take.</summary>
    public static IEnumerable<FormPost> WrongContentTypes(string kind) =>
        from type in new[] { "application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=nope", "" }
        from form in ForText(kind, "TEA-01", first: false)
        select form with { ContentType = type, Expect = Expect.Anything };

    public static IEnumerable<FormPost> WrongMethods(string kind) =>
        from page in Pages
        from method in new[] { "PUT", "DELETE", "PATCH" }
        select new FormPost(kind, "a method pages do not take", page, page, [("junk", "1")], Expect.Refusal, Method: method);
}
