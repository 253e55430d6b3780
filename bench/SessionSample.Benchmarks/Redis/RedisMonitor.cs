using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SessionSample.Benchmarks.Redis;

/// <summary>One command as MONITOR reports it: who sent it (a client address, or "lua" inside a script) and its name.</summary>
public readonly record struct MonitoredCommand(string Client, string Name)
{
    public bool FromScript => Client == "lua";
}

/// <summary>
/// A raw MONITOR connection: every command the server executes, from every client, as one line each.
/// StackExchange.Redis does not speak MONITOR, so this is a socket and four lines of RESP.
/// </summary>
public sealed class RedisMonitor : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly List<MonitoredCommand> _commands = [];
    private readonly Task _pump;

    private RedisMonitor(TcpClient client, StreamReader reader)
    {
        _client = client;
        _reader = reader;
        _pump = Task.Run(PumpAsync);
    }

    public static async Task<RedisMonitor> StartAsync(IPEndPoint endPoint, string password)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(endPoint);
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            await SendAsync(stream, "AUTH", password);
            await ExpectOkAsync(reader, "AUTH");
            await SendAsync(stream, "MONITOR");
            await ExpectOkAsync(reader, "MONITOR");
            return new RedisMonitor(client, reader);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Everything seen so far.</summary>
    public IReadOnlyList<MonitoredCommand> Snapshot()
    {
        lock (_commands)
        {
            return [.. _commands];
        }
    }

    /// <summary>Waits until a command with this name and argument has been seen (a marker that flushes the stream).</summary>
    public async Task WaitForAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_commands)
            {
                if (_commands.Any(c => c.Name == name))
                {
                    return;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"MONITOR never showed {name}.");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        try
        {
            await _pump;
        }
        catch (IOException)
        {
            // The socket was closed under the reader: that is how monitoring stops.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync()
    {
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (Parse(line) is { } command)
            {
                lock (_commands)
                {
                    _commands.Add(command);
                }
            }
        }
    }

    /// <summary>Parses <c>+1700000000.123456 [0 127.0.0.1:54321] "HGETALL" "key"</c>; script lines read <c>[0 lua]</c>.</summary>
    public static MonitoredCommand? Parse(string line)
    {
        var open = line.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : line.IndexOf(']', open);
        if (close < 0)
        {
            return null;
        }

        var source = line[(open + 1)..close];
        var client = source[(source.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var rest = line[(close + 1)..].TrimStart();
        if (rest.Length < 2 || rest[0] != '"')
        {
            return null;
        }

        var end = rest.IndexOf('"', 1);
        return end < 0 ? null : new MonitoredCommand(client, rest[1..end].ToUpperInvariant());
    }

    private static async Task SendAsync(Stream stream, params string[] parts)
    {
        var builder = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    private static async Task ExpectOkAsync(StreamReader reader, string command)
    {
        var reply = await reader.ReadLineAsync();
        if (reply != "+OK")
        {
            throw new NotSupportedException($"{command} answered '{reply}'.");
        }
    }
}
