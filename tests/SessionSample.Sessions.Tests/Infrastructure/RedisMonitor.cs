using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Counts commands from the server's side with MONITOR on its own connection. Only lines from the
/// app's client connections count (found by client name in CLIENT LIST); commands a Lua script runs
/// inside Redis show as <c>[0 lua]</c> and do not count. Marker PINGs from a control connection bound
/// the window, so no line is missed or taken from a neighbouring request.
/// </summary>
public sealed partial class RedisMonitor : ICommandCounter, IAsyncDisposable
{
    private readonly RedisServerProcess _server;
    private readonly string _appClientName;
    private readonly TcpClient _monitor = new();
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineAdded = new(0);
    private Task? _reader;

    private RedisMonitor(RedisServerProcess server, string appClientName)
    {
        _server = server;
        _appClientName = appClientName;
    }

    public static async Task<RedisMonitor> StartAsync(RedisServerProcess server, string appClientName)
    {
        var monitor = new RedisMonitor(server, appClientName);
        await monitor._monitor.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = monitor._monitor.GetStream();
        await stream.WriteAsync(RedisServerProcess.Resp(["AUTH", server.Password]));
        await stream.WriteAsync(RedisServerProcess.Resp(["MONITOR"]));
        var reader = new StreamReader(stream, Encoding.UTF8);
        monitor._reader = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                lock (monitor._lines)
                {
                    monitor._lines.Add(line);
                }

                monitor._lineAdded.Release();
            }
        });
        return monitor;
    }

    public async Task<IReadOnlyList<string>> CaptureAsync(Func<Task> action)
    {
        var appAddresses = await AppAddressesAsync();
        var startMarker = "start-" + Guid.NewGuid().ToString("N");
        var start = await MarkAsync(startMarker);
        await action();
        var endMarker = "end-" + Guid.NewGuid().ToString("N");
        var end = await MarkAsync(endMarker);

        var commands = new List<string>();
        lock (_lines)
        {
            for (var i = start + 1; i < end; i++)
            {
                var match = MonitorLine().Match(_lines[i]);
                if (match.Success && appAddresses.Contains(match.Groups["addr"].Value) && !IsHeartbeat(match.Groups["cmd"].Value))
                {
                    commands.Add(match.Groups["cmd"].Value);
                }
            }
        }

        return commands;
    }

    /// <summary>Client heartbeats are not session traffic; the store never sends them.</summary>
    internal static bool IsHeartbeat(string command) =>
        command.StartsWith("\"PING\"", StringComparison.OrdinalIgnoreCase) || command.StartsWith("\"ECHO\"", StringComparison.OrdinalIgnoreCase)
        || command.StartsWith("PING", StringComparison.OrdinalIgnoreCase) || command.StartsWith("ECHO", StringComparison.OrdinalIgnoreCase);

    private async Task<HashSet<string>> AppAddressesAsync()
    {
        var list = await _server.CommandAsync("CLIENT", "LIST");
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Contains("name=" + _appClientName))
            {
                addresses.Add(fields.First(f => f.StartsWith("addr=", StringComparison.Ordinal))["addr=".Length..]);
            }
        }

        if (addresses.Count == 0)
        {
            throw new InvalidOperationException($"No client named {_appClientName} is connected.");
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

    [GeneratedRegex("""^\+\d+\.\d+ \[\d+ (?<addr>[^\]]+)\] (?<cmd>.*)$""")]
    private static partial Regex MonitorLine();

    public async ValueTask DisposeAsync()
    {
        _monitor.Dispose();
        if (_reader is not null)
        {
            try
            {
                await _reader;
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                // Closing the socket ends the read loop.
            }
        }

        _lineAdded.Dispose();
    }
}
