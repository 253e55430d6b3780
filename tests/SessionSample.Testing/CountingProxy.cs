using System.Text;

namespace SessionSample.Testing;

/// <summary>
/// A loopback TCP proxy in front of any server, Garnet (which has no MONITOR) included: it parses the RESP
/// commands the app sends and records them. Only the app connects through it, so nothing else is counted;
/// what a Lua script runs inside the server never crosses the wire and is not seen.
/// </summary>
public sealed class CountingProxy : LoopbackProxy, ICommandCounter
{
    private readonly RedisServerProcess _server;
    private readonly List<string> _commands = [];

    private CountingProxy(RedisServerProcess server)
        : base(server.Port) => _server = server;

    /// <summary>The server's connection string, through the proxy.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={_server.Password},abortConnect=false,connectTimeout=2000";

    public static CountingProxy Start(RedisServerProcess server)
    {
        var proxy = new CountingProxy(server);
        proxy.StartListening();
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

    // Runs before the chunk is forwarded: the reply cannot arrive before the command is counted. A command
    // may span chunks, so each connection keeps its unparsed tail.
    protected override ChunkObserver ObserveClient()
    {
        var pending = new List<byte>();
        return chunk =>
        {
            pending.AddRange(chunk);
            ParseCommands(pending);
        };
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
}
