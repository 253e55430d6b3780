using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace SessionSample.Testing;

/// <summary>
/// A real redis-server or Garnet process on a loopback port, always with a password. It can be killed as
/// a crash would and started again on the same port and data folder; disposing it kills it (with its
/// process tree) and deletes the folder.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly RedisServerOptions _options;
    private Process? _process;
    private ProcessLog? _log;

    private RedisServerProcess(RedisEngine engine, RedisServerOptions options)
    {
        _options = options;
        Engine = engine;
        Port = options.Port ?? FreePort.Next();
        Password = options.Password ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        DataDirectory = Directory.CreateTempSubdirectory($"sessionsample-{engine.Name()}-").FullName;
    }

    public RedisEngine Engine { get; }

    public int Port { get; }

    public string Password { get; }

    /// <summary>The server's working folder: its AOF, and its cluster config in cluster mode.</summary>
    public string DataDirectory { get; }

    /// <summary>The running process (for CPU accounting); throws when it is not running.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Engine.Name()} on port {Port} is not running.");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>A StackExchange.Redis connection string (short timeouts: tests stop servers on purpose).</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password},abortConnect=false,connectTimeout=2000";

    public static async Task<RedisServerProcess> StartAsync(RedisServerOptions? options = null)
    {
        options ??= new RedisServerOptions();
        var engine = options.Engine ?? TestRedis.Engine;
        if (engine == RedisEngine.RedisServer)
        {
            TestRedis.RequireRedisServer("A redis-server process");
        }

        var server = new RedisServerProcess(engine, options);
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server as a crash would (SIGKILL): no shutdown save, clients see the connection drop.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same port, with the same password and data folder.</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <summary>Sends one command on a fresh authenticated connection and returns the reply (see <see cref="RespClient"/>).</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        await using var client = await RespClient.ConnectAsync(Port);
        await client.AuthenticateAsync(Password);
        return await client.SendAsync(args);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file the killed process had open may linger for a moment; the temp folder is disposable.
        }
    }

    private async Task StartProcessAsync()
    {
        var start = Engine == RedisEngine.RedisServer ? RedisStartInfo() : GarnetStartInfo();
        foreach (var arg in _options.ExtraArguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        _log = new ProcessLog(_process);

        // Garnet starts through `dotnet tool run`, a second .NET start-up.
        var limit = TimeSpan.FromSeconds(Engine == RedisEngine.Garnet ? 60 : 30);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await CommandAsync("PING") == "+PONG")
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or InvalidOperationException or TimeoutException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Engine.Name()} exited with code {_process.ExitCode} before answering:\n{_log.Text}", exception);
                }

                if (waited.Elapsed > limit)
                {
                    throw new TimeoutException($"{Engine.Name()} on port {Port} did not answer within {limit.TotalSeconds} s:\n{_log.Text}", exception);
                }
            }

            await Task.Delay(50);
        }
    }

    private ProcessStartInfo RedisStartInfo()
    {
        var start = new ProcessStartInfo("redis-server") { WorkingDirectory = DataDirectory };
        foreach (var arg in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", Password, "--dir", DataDirectory, "--save", "" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in _options.Persistent ? ["--appendonly", "yes", "--appendfsync", _options.AppendFsync] : new[] { "--appendonly", "no" })
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private ProcessStartInfo GarnetStartInfo()
    {
        // The tool manifest (.config/dotnet-tools.json) sits at the repository root.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot() };
        foreach (var arg in new[]
        {
            "tool", "run", "garnet-server", "--",
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--lua", "--auth", "Password", "--password", Password,
            // Garnet's defaults (a 16 GB log, a 128 MB index) suit a server, not a test run with several of them.
            "--memory", "256m", "--index", "16m",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (_options.Persistent)
        {
            // An AOF committed on every write and replayed at start: the data survives SIGKILL. The default
            // (native) device needs libaio, which many machines lack.
            foreach (var arg in new[] { "--aof", "--aof-commit-freq", "0", "--recover", "--checkpointdir", DataDirectory, "--device-type", "RandomAccess" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        return start;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No .config/dotnet-tools.json above the output folder: Garnet is the repository's local dotnet tool.");
    }
}
