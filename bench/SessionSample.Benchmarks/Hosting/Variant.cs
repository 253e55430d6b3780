namespace SessionSample.Benchmarks.Hosting;

/// <summary>The three otherwise identical apps.</summary>
public enum Variant
{
    /// <summary>No session middleware: the ceiling.</summary>
    None,

    /// <summary>ASP.NET Core's <c>AddSession</c> over <c>AddStackExchangeRedisCache</c>.</summary>
    Builtin,

    /// <summary>SessionSample's Redis session store.</summary>
    Store,
}

public static class VariantNames
{
    public static string Name(this Variant variant) => variant switch
    {
        Variant.None => "none",
        Variant.Builtin => "builtin",
        _ => "store",
    };

    public static string Title(this Variant variant) => variant switch
    {
        Variant.None => "no session",
        Variant.Builtin => "built-in session",
        _ => "SessionSample store",
    };

    /// <summary>The Redis client name the app's connections use, so MONITOR lines can be attributed to it.</summary>
    public static string RedisClientName(this Variant variant) => $"bench-{variant.Name()}";

    /// <summary>Where each implementation keeps its sessions, so the bench can find and size them.</summary>
    public static string KeyPrefix(this Variant variant) => $"bench-{variant.Name()}:";
}
