using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using SessionSample.Benchmarks.Running;
using StackExchange.Redis;

namespace SessionSample.Benchmarks.Redis;

/// <summary>
/// A redis-server (or Garnet) the bench starts on a free loopback port, with a random password, no
/// persistence, and stops when disposed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, RedisEngine engine, int port, string password)
    {
        _process = process;
        Engine = engine;
        Port = port;
        Password = password;
    }

    public RedisEngine Engine { get; }

    public int Port { get; }

    public string Password { get; }

    public int ProcessId => _process.Id;

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>The connection string the apps get (each adds its own client name).</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public static async Task<RedisServer> StartAsync(RedisEngine engine, string repositoryRoot)
    {
        var port = FreePort.Next();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var start = engine == RedisEngine.RedisServer
            ? new ProcessStartInfo("redis-server")
            {
                ArgumentList =
                {
                    "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--bind", "127.0.0.1",
                    "--requirepass", password,
                    "--save", "",
                    "--appendonly", "no",
                    "--loglevel", "warning",
                },
            }
            : new ProcessStartInfo("dotnet")
            {
                // Garnet is the repository's local dotnet tool (.config/dotnet-tools.json).
                WorkingDirectory = repositoryRoot,
                ArgumentList =
                {
                    "tool", "run", "garnet-server", "--",
                    "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--bind", "127.0.0.1",
                    "--auth", "Password",
                    "--password", password,
                    "--lua",
                    // Garnet has no MONITOR; the command counts come from INFO commandstats instead.
                    "--commandstats-monitor",
                },
            };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var log = new ProcessLog(process);
        var server = new RedisServer(process, engine, port, password);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(engine == RedisEngine.Garnet ? 60 : 15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{start.FileName} exited with {process.ExitCode}:\n{log.Text}");
            }

            try
            {
                await using var probe = await server.ConnectAdminAsync();
                await probe.GetDatabase().PingAsync();
                return server;
            }
            catch (RedisConnectionException)
            {
                await Task.Delay(200);
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{start.FileName} did not answer on port {port}:\n{log.Text}");
    }

    /// <summary>A connection for the bench's own housekeeping (seeding checks, MEMORY USAGE, CLIENT LIST).</summary>
    public async Task<ConnectionMultiplexer> ConnectAdminAsync() =>
        await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true,name=bench-harness,connectTimeout=2000,abortConnect=true");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
