using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SessionSample.Testing;

/// <summary>
/// One raw RESP connection: what StackExchange.Redis does not do for a test (MONITOR, a command
/// without AUTH, a reply exactly as the server sent it). Replies come back as text: <c>+OK</c>,
/// <c>-ERR ...</c> and <c>:1</c> as sent, a bulk string as its content (<c>(nil)</c> for none), an
/// array as its items, one a line.
/// </summary>
public sealed class RespClient : IAsyncDisposable
{
    private static readonly TimeSpan s_replyTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    // Latin-1 reads one char per byte, so a bulk string's length (in bytes) can be read as chars and
    // decoded as UTF-8 afterwards.
    private readonly StreamReader _reader;

    private RespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    public static async Task<RespClient> ConnectAsync(int port, string host = "127.0.0.1")
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port);
            return new RespClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends AUTH and fails unless the server accepts the password.</summary>
    public async Task AuthenticateAsync(string password)
    {
        var reply = await SendAsync("AUTH", password);
        if (reply != "+OK")
        {
            throw new InvalidOperationException($"AUTH failed: {reply}");
        }
    }

    /// <summary>Sends one command and returns its reply.</summary>
    public async Task<string> SendAsync(params string[] args)
    {
        await _stream.WriteAsync(Encode(args));
        return await ReadReplyAsync().WaitAsync(s_replyTimeout);
    }

    /// <summary>The next line the server sends, as MONITOR streams them; null once the connection closes.</summary>
    public async Task<string?> ReadLineAsync() => await _reader.ReadLineAsync() is { } line ? Utf8(line) : null;

    public static byte[] Encode(IReadOnlyList<string> args)
    {
        var builder = new StringBuilder().Append('*').Append(args.Count).Append("\r\n");
        foreach (var arg in args)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private async Task<string> ReadReplyAsync()
    {
        var line = await _reader.ReadLineAsync() ?? throw new IOException("The server closed the connection.");
        switch (line[0])
        {
            case '$':
                var length = int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return "(nil)";
                }

                var buffer = new char[length];
                await _reader.ReadBlockAsync(buffer, 0, length);
                await _reader.ReadLineAsync();
                return Utf8(new string(buffer));
            case '*':
                var count = int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return "(nil)";
                }

                var items = new List<string>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(await ReadReplyAsync());
                }

                return string.Join('\n', items);
            default:
                return Utf8(line);
        }
    }

    private static string Utf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
