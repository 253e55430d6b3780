namespace RedisSessions.Hosting;

/// <summary>What runs the <c>sessions</c> and <c>cache</c> resources.</summary>
internal enum RedisEngine
{
    /// <summary>The Redis container image (Aspire.Hosting.Redis); always used for publishing.</summary>
    Container,

    /// <summary>The <c>redis-server</c> binary found on PATH, run as an executable resource.</summary>
    RedisServer,

    /// <summary>Microsoft Garnet, the <c>garnet-server</c> local dotnet tool: needs nothing but the .NET SDK.</summary>
    Garnet,
}

/// <summary>The engine picked for this run and why, so the log can say it once.</summary>
internal sealed record RedisEngineChoice(RedisEngine Engine, string Reason, string? RedisServerPath = null)
{
    public string EngineName => RedisEngineNames.Format(Engine);
}

internal static class RedisEngineNames
{
    public const string Auto = "auto";
    public const string Container = "container";
    public const string RedisServer = "redis-server";
    public const string Garnet = "garnet";

    public static string Format(RedisEngine engine) => engine switch
    {
        RedisEngine.Container => Container,
        RedisEngine.RedisServer => RedisServer,
        RedisEngine.Garnet => Garnet,
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, null),
    };

    /// <summary>Parses a configured engine; <see langword="null"/> means auto.</summary>
    public static RedisEngine? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or Auto => null,
        Container => RedisEngine.Container,
        RedisServer or "redis" => RedisEngine.RedisServer,
        Garnet => RedisEngine.Garnet,
        _ => throw new InvalidOperationException(
            $"Unknown {RedisEngineSelector.ConfigurationKey} '{value}'. Use {Auto}, {Container}, {RedisServer} or {Garnet}."),
    };
}
