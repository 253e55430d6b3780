namespace SessionSample.Testing;

/// <summary>How <see cref="RedisServerProcess.StartAsync"/> starts a server; the defaults suit one test class.</summary>
public sealed record RedisServerOptions
{
    /// <summary>The engine; null takes the one the suites use (<see cref="TestRedis.Engine"/>).</summary>
    public RedisEngine? Engine { get; init; }

    /// <summary>Keep writes on disk in an AOF, so the data survives a kill and a restart.</summary>
    public bool Persistent { get; init; }

    /// <summary>redis-server's <c>appendfsync</c> with <see cref="Persistent"/>: <c>always</c> (every write survives) or <c>everysec</c> (the sessions resource's setting).</summary>
    public string AppendFsync { get; init; } = "always";

    /// <summary>The port; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>The password; null makes a random one.</summary>
    public string? Password { get; init; }

    /// <summary>More command-line arguments for the engine (cluster mode, Garnet's command statistics...).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
