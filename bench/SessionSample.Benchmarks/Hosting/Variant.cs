using Microsoft.AspNetCore.Builder;

namespace SessionSample.Benchmarks.Hosting;

/// <summary>
/// One of the otherwise identical benchmark apps: what it registers and puts in the pipeline (see
/// <see cref="VariantSetup"/>) and how the reports name and colour it. Adding an app (for instance the store
/// with encryption at rest) is one more instance here, listed in <see cref="All"/>: every table, the chart
/// and the per-implementation summary pick it up.
/// </summary>
public sealed class Variant
{
    /// <summary>No session middleware: the endpoints work on a per-request dictionary.</summary>
    public static readonly Variant None = new("none", "no session", "none", "#9aa0a6",
        "no session middleware; the endpoints do the same work on a per-request dictionary", hasSessions: false, usesRedis: false, null, null);

    /// <summary>ASP.NET Core's <c>AddSession</c> over <c>AddStackExchangeRedisCache</c>.</summary>
    public static readonly Variant Builtin = new("builtin", "built-in session", "built-in", "#e8710a",
        "`AddSession` + `AddStackExchangeRedisCache` on the same multiplexer", hasSessions: true, usesRedis: true, VariantSetup.AddBuiltin, VariantSetup.UseBuiltin);

    /// <summary>SessionSample's Redis session store, as an app gets it by default (the <c>__Host-</c> cookie included).</summary>
    public static readonly Variant Store = new("store", "SessionSample store", "store", "#1a73e8",
        "`AddRedisSessions` + `UseRedisSessions` with default options, which in Production include the `__Host-` cookie", hasSessions: true, usesRedis: true, VariantSetup.AddStore, VariantSetup.UseStore);

    /// <summary>
    /// The store with a sign-in bound to the session (issue 11): every request with the sign-in cookie validates it
    /// against its session, over the request's one shared load. Its read costs the Redis commands an anonymous read does.
    /// </summary>
    public static readonly Variant SignedIn = new("signedin", "SessionSample store, signed in", "signed in", "#a142f4",
        "the store, plus the shared cookie authentication bound to the session (`BindToRedisSession`); every seeded session is signed in (`SignInWithRedisSessionAsync`), so each request validates its sign-in over the session's one load", hasSessions: true, usesRedis: true, VariantSetup.AddSignedIn, VariantSetup.UseSignedIn);

    /// <summary>
    /// The store with encryption at rest (<c>AddValueEncryption()</c>): the same commands, and what protecting each value
    /// written and unprotecting each value read costs the app.
    /// </summary>
    public static readonly Variant Encrypted = new("encrypted", "SessionSample store, encrypted", "encrypted", "#d01884",
        "the store with `AddValueEncryption()`: every value is protected with the Data Protection key ring (its own purpose) before it is sent, and unprotected when read", hasSessions: true, usesRedis: true, VariantSetup.AddEncrypted, VariantSetup.UseStore);

    /// <summary>
    /// The one-round-trip ceiling: every session load is exactly one EVALSHA of a trivial script and nothing
    /// else is sent; the values live in a per-request dictionary. No store that reads in one round trip can be faster.
    /// </summary>
    public static readonly Variant Ceiling = new("ceiling", "one-round-trip ceiling", "ceiling", "#34a853",
        "each `LoadAsync` is one EVALSHA of `return 1` and nothing else is sent, the values live in the per-request dictionary: the fastest a store that reads in one round trip could be", hasSessions: false, usesRedis: true, VariantSetup.AddCeiling, VariantSetup.UseCeiling);

    public static readonly IReadOnlyList<Variant> All = [None, Builtin, Store, SignedIn, Encrypted, Ceiling];

    private readonly Action<WebApplicationBuilder, Variant>? _addServices;
    private readonly Action<WebApplication>? _usePipeline;

    private Variant(
        string name, string title, string shortTitle, string color, string description, bool hasSessions, bool usesRedis,
        Action<WebApplicationBuilder, Variant>? addServices, Action<WebApplication>? usePipeline)
    {
        Name = name;
        Title = title;
        ShortTitle = shortTitle;
        Color = color;
        Description = description;
        HasSessions = hasSessions;
        UsesRedis = usesRedis;
        _addServices = addServices;
        _usePipeline = usePipeline;
    }

    /// <summary>The name on the command line (<c>--impls</c>, <c>--host</c>).</summary>
    public string Name { get; }

    public string Title { get; }

    /// <summary>The name in a compact column: <c>p50 ms (built-in / store)</c>.</summary>
    public string ShortTitle { get; }

    /// <summary>Its colour in the charts.</summary>
    public string Color { get; }

    /// <summary>What the app does, for the Method section of the results (Markdown).</summary>
    public string Description { get; }

    /// <summary>It keeps sessions behind a cookie: the bench seeds one, sizes it and checks it for lost updates.</summary>
    public bool HasSessions { get; }

    /// <summary>It talks to Redis at all (the app without sessions never opens a connection).</summary>
    public bool UsesRedis { get; }

    /// <summary>The Redis client name the app's connections use, so MONITOR lines can be attributed to it.</summary>
    public string RedisClientName => $"bench-{Name}";

    /// <summary>Where the implementation keeps its sessions, so the bench can find and size them.</summary>
    public string KeyPrefix => $"bench-{Name}:";

    public static Variant? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    public void AddServices(WebApplicationBuilder builder) => _addServices?.Invoke(builder, this);

    public void UsePipeline(WebApplication app) => _usePipeline?.Invoke(app);

    public override string ToString() => Name;
}
