namespace SessionSample.Testing;

/// <summary>The servers the tests and benchmarks start: redis-server, or Garnet from the repository's local dotnet tool.</summary>
public enum RedisEngine
{
    RedisServer,
    Garnet,
}

public static class RedisEngineNames
{
    public const string RedisServer = "redis-server";
    public const string Garnet = "garnet";

    /// <summary>The name on command lines and in environment variables: <c>redis-server</c> or <c>garnet</c>.</summary>
    public static string Name(this RedisEngine engine) => engine == RedisEngine.Garnet ? Garnet : RedisServer;

    /// <summary>Reads <c>redis-server</c> or <c>garnet</c> (any case); null for anything else.</summary>
    public static RedisEngine? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        RedisServer => RedisEngine.RedisServer,
        Garnet => RedisEngine.Garnet,
        _ => null,
    };
}
