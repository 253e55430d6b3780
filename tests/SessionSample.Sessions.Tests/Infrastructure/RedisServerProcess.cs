using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// A real redis-server or Garnet process on a free loopback port, always with a password, killed (with
/// its process tree) on dispose. Self-contained so other test projects can copy this one file.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _kind;
    private readonly bool _persistent;
    private readonly string _directory;
    private Process? _process;

    private RedisServerProcess(string kind, int port, bool persistent)
    {
        _kind = kind;
        _persistent = persistent;
        Port = port;
        Password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _directory = Directory.CreateTempSubdirectory($"sessions-{kind}-").FullName;
    }

    public int Port { get; }

    public string Password { get; }

    public bool IsGarnet => _kind == "garnet";

    /// <summary>A StackExchange.Redis connection string (short timeouts: tests stop servers on purpose).</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password},abortConnect=false,connectTimeout=2000";

    /// <summary>redis-server without persistence, or with an fsync-always AOF when <paramref name="persistent"/> (survives a kill).</summary>
    public static Task<RedisServerProcess> StartRedisAsync(bool persistent = false) =>
        StartAsync(new RedisServerProcess("redis", FreePort(), persistent));

    /// <summary>Garnet (the repository's local dotnet tool) with Lua enabled.</summary>
    public static Task<RedisServerProcess> StartGarnetAsync() =>
        StartAsync(new RedisServerProcess("garnet", FreePort(), persistent: false));

    private static async Task<RedisServerProcess> StartAsync(RedisServerProcess server)
    {
        await server.StartProcessAsync();
        return server;
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

    /// <summary>Starts the server again on the same port with the same data directory.</summary>
    public Task RestartAsync() => StartProcessAsync();

    /// <summary>Sends one command with a fresh authenticated connection and returns the raw reply.</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Resp(["AUTH", Password]));
        await stream.WriteAsync(Resp(args));
        var reader = new StreamReader(stream, Encoding.UTF8);
        var auth = await reader.ReadLineAsync();
        if (auth != "+OK")
        {
            throw new InvalidOperationException($"AUTH failed: {auth}");
        }

        return await ReadReplyAsync(reader);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server that is still flushing may hold a file for a moment; the temp folder is disposable.
        }
    }

    public static byte[] Resp(IReadOnlyList<string> args)
    {
        var builder = new StringBuilder().Append('*').Append(args.Count).Append("\r\n");
        foreach (var arg in args)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static async Task<string> ReadReplyAsync(StreamReader reader)
    {
        var line = await reader.ReadLineAsync() ?? throw new IOException("Connection closed.");
        switch (line[0])
        {
            case '$':
                var length = int.Parse(line.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return "(nil)";
                }

                var buffer = new char[length];
                await reader.ReadBlockAsync(buffer, 0, length);
                await reader.ReadLineAsync();
                return new string(buffer);
            case '*':
                var count = int.Parse(line.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                var items = new List<string>();
                for (var i = 0; i < count; i++)
                {
                    items.Add(await ReadReplyAsync(reader));
                }

                return string.Join('\n', items);
            default:
                return line;
        }
    }

    private async Task StartProcessAsync()
    {
        var start = _kind == "redis" ? RedisStartInfo() : GarnetStartInfo();
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await CommandAsync("PING") == "+PONG")
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException or InvalidOperationException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{_kind} exited with code {_process.ExitCode} before answering.", exception);
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"{_kind} on port {Port} did not answer within 30 s.", exception);
                }
            }

            await Task.Delay(50);
        }
    }

    private ProcessStartInfo RedisStartInfo()
    {
        var start = new ProcessStartInfo("redis-server") { WorkingDirectory = _directory };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--requirepass", Password, "--dir", _directory, "--save", "" })
        {
            start.ArgumentList.Add(arg);
        }

        if (_persistent)
        {
            foreach (var arg in new[] { "--appendonly", "yes", "--appendfsync", "always" })
            {
                start.ArgumentList.Add(arg);
            }
        }
        else
        {
            start.ArgumentList.Add("--appendonly");
            start.ArgumentList.Add("no");
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
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--lua", "--auth", "Password", "--password", Password,
            "--memory", "256m", "--index", "16m",
        })
        {
            start.ArgumentList.Add(arg);
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

        throw new InvalidOperationException("No .config/dotnet-tools.json above the test output folder: run from the repository.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
