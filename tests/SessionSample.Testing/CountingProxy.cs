using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SessionSample.Testing;

/// <summary>
/// A loopback TCP proxy in front of any server, Garnet (which has no MONITOR) included: it parses the RESP
/// commands the app sends and records them. Only the app connects through it, so nothing else is counted;
/// what a Lua script runs inside the server never crosses the wire and is not seen.
/// </summary>
public sealed class CountingProxy : ICommandCounter, IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly RedisServerProcess _server;
    private readonly List<string> _commands = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private Task? _accepting;

    private CountingProxy(RedisServerProcess server) => _server = server;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The server's connection string, through the proxy.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={_server.Password},abortConnect=false,connectTimeout=2000";

    public static CountingProxy Start(RedisServerProcess server)
    {
        var proxy = new CountingProxy(server);
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptAsync();
        return proxy;
    }

    public async Task<CapturedCommands> CaptureAsync(Func<Task> action)
    {
        int start;
        lock (_commands)
        {
            start = _commands.Count;
        }

        await action();
        lock (_commands)
        {
            return new CapturedCommands([.. _commands.Skip(start).Where(c => !CapturedCommands.IsHeartbeat(CapturedCommands.NameOf(c)))], insideScripts: null);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var upstream = new TcpClient();
            await upstream.ConnectAsync(IPAddress.Loopback, _server.Port);
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = PumpAsync(client.GetStream(), upstream.GetStream(), record: true);
            _ = PumpAsync(upstream.GetStream(), client.GetStream(), record: false);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool record)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (record)
                {
                    // Record before forwarding: the reply cannot arrive before the command is counted.
                    pending.AddRange(buffer.AsSpan(0, read).ToArray());
                    ParseCommands(pending);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // One side closed: the other pump ends too.
        }
        finally
        {
            to.Close();
        }
    }

    // Takes every complete "*N\r\n($L\r\n<bytes>\r\n){N}" command off the front of the buffer.
    private void ParseCommands(List<byte> pending)
    {
        while (TryParse(pending, out var consumed, out var command))
        {
            pending.RemoveRange(0, consumed);
            lock (_commands)
            {
                _commands.Add(command);
            }
        }
    }

    private static bool TryParse(List<byte> data, out int consumed, out string command)
    {
        consumed = 0;
        command = string.Empty;
        var position = 0;
        if (!TryReadLine(data, ref position, out var header) || header[0] != '*')
        {
            return false;
        }

        var count = int.Parse(header.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        var parts = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            if (!TryReadLine(data, ref position, out var lengthLine))
            {
                return false;
            }

            var length = int.Parse(lengthLine.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            if (data.Count < position + length + 2)
            {
                return false;
            }

            parts.Add(i == 0 ? Encoding.ASCII.GetString(data.GetRange(position, length).ToArray()).ToUpperInvariant() : $"({length} bytes)");
            position += length + 2;
        }

        consumed = position;
        command = string.Join(' ', parts);
        return true;
    }

    private static bool TryReadLine(List<byte> data, ref int position, out string line)
    {
        for (var i = position; i + 1 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n')
            {
                line = Encoding.ASCII.GetString(data.GetRange(position, i - position).ToArray());
                position = i + 2;
                return true;
            }
        }

        line = string.Empty;
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        if (_accepting is not null)
        {
            await _accepting;
        }

        _stop.Dispose();
    }
}
