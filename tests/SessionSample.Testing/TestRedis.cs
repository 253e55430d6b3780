using System.ComponentModel;
using System.Diagnostics;
using RedisSessions.Hosting;

namespace SessionSample.Testing;

/// <summary>
/// The engine the suites start when a test does not name one: redis-server when it runs from PATH,
/// else Garnet, which needs only the .NET SDK (a Windows or Mac developer without redis-server).
/// <c>SESSIONSAMPLE_TEST_REDIS=redis-server|garnet</c> forces one.
/// </summary>
public static class TestRedis
{
    public const string EngineVariable = "SESSIONSAMPLE_TEST_REDIS";

    /// <summary>What to install where redis-server and redis-cli are missing.</summary>
    private const string InstallHint = "apt-get install redis-server, or brew install redis";

    private static readonly Lazy<string?> s_redisServerVersion = new(() => VersionOf("redis-server"));
    private static readonly Lazy<string?> s_redisCliVersion = new(() => VersionOf("redis-cli"));
    private static readonly Lazy<(RedisEngine Engine, string Reason)> s_choice = new(Choose);
    private static int s_announced;

    /// <summary>The engine for servers started without one; throws when the variable names one that cannot run.</summary>
    public static RedisEngine Engine => s_choice.Value.Engine;

    /// <summary>One line for the test output: which engine, why, and what that changes.</summary>
    public static string Description => Engine == RedisEngine.RedisServer
        ? $"Redis engine for these tests: redis-server {ShortVersion(s_redisServerVersion.Value)} ({s_choice.Value.Reason}); {EngineVariable}=garnet runs them on Garnet."
        : $"Redis engine for these tests: Garnet, the garnet-server dotnet tool ({s_choice.Value.Reason}). Commands are counted by a proxy "
          + "instead of MONITOR; tests that only redis-server can run (the Redis Cluster) are skipped, naming what is missing.";

    /// <summary>Hands <see cref="Description"/> to <paramref name="say"/> the first time any caller in this process asks.</summary>
    public static void AnnounceOnce(Action<string> say)
    {
        if (Interlocked.Exchange(ref s_announced, 1) == 0)
        {
            say(Description);
        }
    }

    /// <summary>
    /// For what only redis-server can do (MONITOR, its CONFIG values, cluster mode): a
    /// <see cref="MissingToolException"/> (the test is skipped) where redis-server is not on PATH, a plain
    /// error where it is but does not run.
    /// </summary>
    public static void RequireRedisServer(string what) => Require(what, "redis-server");

    /// <summary>As <see cref="RequireRedisServer"/>, for what also needs redis-cli (creating a cluster).</summary>
    public static void RequireRedisCli(string what) => Require(what, "redis-server", "redis-cli");

    private static void Require(string what, params string[] programs)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        if (programs.Any(program => ExecutableLocator.Find(program, path) is null))
        {
            throw new MissingToolException($"{what} needs {string.Join(" and ", programs)} on PATH ({InstallHint}).");
        }

        if (programs.FirstOrDefault(program => (program == "redis-cli" ? s_redisCliVersion : s_redisServerVersion).Value is null) is { } broken)
        {
            throw new InvalidOperationException($"{what} needs {broken}: it is on PATH, but '{broken} --version' fails here.");
        }
    }

    private static (RedisEngine, string) Choose()
    {
        var forced = Environment.GetEnvironmentVariable(EngineVariable);
        if (!string.IsNullOrWhiteSpace(forced))
        {
            var engine = RedisEngineNames.Parse(forced)
                ?? throw new InvalidOperationException($"{EngineVariable}='{forced}': use {RedisEngineNames.RedisServer} or {RedisEngineNames.Garnet}.");
            // Asked for by name: an error where it does not run, never a skip.
            if (engine == RedisEngine.RedisServer && s_redisServerVersion.Value is null)
            {
                throw new InvalidOperationException(
                    $"{EngineVariable}={RedisEngineNames.RedisServer}, but no redis-server runs from PATH here ({InstallHint}).");
            }

            return (engine, $"forced by {EngineVariable}={engine.Name()}");
        }

        return s_redisServerVersion.Value is not null
            ? (RedisEngine.RedisServer, "found on PATH")
            : (RedisEngine.Garnet, "no redis-server runs from PATH");
    }

    // "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=..." -> "7.0.15"
    private static string? ShortVersion(string? versionLine) =>
        versionLine?.Split(' ').FirstOrDefault(part => part.StartsWith("v=", StringComparison.Ordinal))?[2..] ?? versionLine;

    // Running the program, rather than looking for a file, proves it starts here and names its version.
    private static string? VersionOf(string program)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, "--version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
