using System.Text.RegularExpressions;

namespace SessionSample.Testing;

/// <summary>
/// Counts from the server's side with MONITOR on a connection of its own (redis-server: Garnet has no
/// MONITOR). Only lines from the app's connections count, found by the client name they carry in
/// CLIENT LIST; what a Lua script runs inside the server shows as <c>[0 lua]</c> and is reported apart.
/// Marker PINGs from a control connection bound each capture, so no line is missed or taken from a
/// neighbouring one.
/// </summary>
public sealed partial class RedisMonitor : ICommandCounter, IAsyncDisposable
{
    private readonly RedisServerProcess _server;
    private readonly string _appClientName;
    private readonly bool _appMayNotConnect;
    private readonly RespClient _monitor;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineAdded = new(0);
    private readonly Task _reader;

    private RedisMonitor(RedisServerProcess server, string appClientName, bool appMayNotConnect, RespClient monitor)
    {
        _server = server;
        _appClientName = appClientName;
        _appMayNotConnect = appMayNotConnect;
        _monitor = monitor;
        _reader = Task.Run(ReadAsync);
    }

    /// <param name="appClientName">The client name in the app's connection string (<c>name=...</c>).</param>
    /// <param name="appMayNotConnect">
    /// Count zero, rather than fail, when no connection carries that name. Off by default: a wrong name
    /// would otherwise pass every "sends nothing" check.
    /// </param>
    /// <exception cref="NotSupportedException">The server refuses MONITOR.</exception>
    public static async Task<RedisMonitor> StartAsync(RedisServerProcess server, string appClientName, bool appMayNotConnect = false)
    {
        var client = await RespClient.ConnectAsync(server.Port);
        try
        {
            await client.AuthenticateAsync(server.Password);
            var reply = await client.SendAsync("MONITOR");
            if (reply != "+OK")
            {
                throw new NotSupportedException($"MONITOR answered '{reply}'.");
            }

            return new RedisMonitor(server, appClientName, appMayNotConnect, client);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task<CapturedCommands> CaptureAsync(Func<Task> action)
    {
        var appAddresses = await AppAddressesAsync();
        var start = await MarkAsync("start-" + Guid.NewGuid().ToString("N"));
        await action();
        var end = await MarkAsync("end-" + Guid.NewGuid().ToString("N"));
        // A connection the app opened during the action counts too.
        appAddresses.UnionWith(await AppAddressesAsync());
        if (appAddresses.Count == 0 && !_appMayNotConnect)
        {
            throw new InvalidOperationException($"No client named {_appClientName} is connected: there is nothing to count.");
        }

        var commands = new List<string>();
        var insideScripts = 0;
        lock (_lines)
        {
            for (var i = start + 1; i < end; i++)
            {
                var match = MonitorLine().Match(_lines[i]);
                if (!match.Success)
                {
                    continue;
                }

                var name = match.Groups["name"].Value.ToUpperInvariant();
                if (match.Groups["client"].Value == "lua")
                {
                    insideScripts++;
                }
                else if (appAddresses.Contains(match.Groups["client"].Value) && !CapturedCommands.IsHeartbeat(name))
                {
                    commands.Add(name + match.Groups["args"].Value);
                }
            }
        }

        return new CapturedCommands(commands, insideScripts);
    }

    private async Task ReadAsync()
    {
        while (await _monitor.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }

            _lineAdded.Release();
        }
    }

    private async Task<HashSet<string>> AppAddressesAsync()
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in (await _server.CommandAsync("CLIENT", "LIST")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Contains("name=" + _appClientName))
            {
                addresses.Add(fields.First(f => f.StartsWith("addr=", StringComparison.Ordinal))["addr=".Length..]);
            }
        }

        return addresses;
    }

    // Sends PING <marker> and waits until MONITOR shows it; returns its line index.
    private async Task<int> MarkAsync(string marker)
    {
        await _server.CommandAsync("PING", marker);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            lock (_lines)
            {
                var index = _lines.FindLastIndex(l => l.Contains(marker, StringComparison.Ordinal));
                if (index >= 0)
                {
                    return index;
                }
            }

            await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException("MONITOR did not show the marker.");
    }

    // +1700000000.123456 [0 127.0.0.1:54321] "HGETALL" "key"; a script's commands read [0 lua].
    [GeneratedRegex("""^\+\d+\.\d+ \[\d+ (?<client>[^\]]+)\] "(?<name>[^"]*)"(?<args>.*)$""")]
    private static partial Regex MonitorLine();

    public async ValueTask DisposeAsync()
    {
        await _monitor.DisposeAsync();
        try
        {
            await _reader;
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // Closing the socket ends the read loop.
        }

        _lineAdded.Dispose();
    }
}
