using System.Net;
using System.Net.Sockets;

namespace SessionSample.Testing;

/// <summary>
/// A loopback TCP proxy in front of one server port: every client connection gets its own upstream
/// connection, and two pumps copy the bytes across. What the proxies differ in is two hooks: what they do
/// with a chunk the client sent before it goes on (<see cref="ObserveClient"/>: count it), and how a chunk
/// reaches the other side (<see cref="Forward"/>: at once, later, or not at all).
/// </summary>
/// <remarks>
/// Accepting and pumping run on threads of their own with blocking socket calls, never on the thread pool:
/// a blocking receive wakes straight from the kernel, whereas an asynchronous one goes through the event
/// loop and a pool thread, which costs the delay proxy precision and CPU that the benchmark's apps need.
/// A proxy carries a handful of connections, so a thread per direction is cheap.
/// </remarks>
public abstract class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly List<Socket> _sockets = [];
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;

    protected LoopbackProxy(int upstreamPort) => _upstreamPort = upstreamPort;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Sees the chunks one connection's client sends, in order.</summary>
    protected delegate void ChunkObserver(ReadOnlySpan<byte> chunk);

    /// <summary>Starts accepting; a subclass calls it once it is fully built.</summary>
    protected void StartListening()
    {
        _listener.Start();
        StartThread(Accept, "accept");
    }

    /// <summary>
    /// Called once per client connection: the observer then sees each chunk that client sends before it is
    /// forwarded (so a reply cannot overtake it); null, the default, observes nothing.
    /// </summary>
    protected virtual ChunkObserver? ObserveClient() => null;

    /// <summary>Sends a chunk to <paramref name="to"/>; by default at once. The memory is reused once this returns: a later send must copy it.</summary>
    protected virtual void Forward(Socket to, ReadOnlySpan<byte> chunk) => SendAll(to, chunk);

    /// <summary>The side that sends to <paramref name="to"/> closed; by default <paramref name="to"/> is closed at once.</summary>
    protected virtual void ForwardClose(Socket to) => Close(to);

    protected static void SendAll(Socket to, ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            chunk = chunk[to.Send(chunk)..];
        }
    }

    protected static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed by the other side.
        }

        socket.Dispose();
    }

    private void Accept()
    {
        while (!_stopping)
        {
            Socket client;
            try
            {
                client = _listener.AcceptSocket();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                upstream.Connect(IPAddress.Loopback, _upstreamPort);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            // Small RESP commands must not wait for Nagle's algorithm: that would add delay nobody asked for.
            client.NoDelay = true;
            upstream.NoDelay = true;
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(upstream);
                if (_stopping)
                {
                    // Accepted while the proxy stops: DisposeAsync may have closed the others already.
                    client.Dispose();
                    upstream.Dispose();
                    return;
                }
            }

            var observer = ObserveClient();
            StartThread(() => Pump(client, upstream, observer), "to server");
            StartThread(() => Pump(upstream, client, observer: null), "to client");
        }
    }

    private void Pump(Socket from, Socket to, ChunkObserver? observer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = from.Receive(buffer)) > 0)
            {
                observer?.Invoke(buffer.AsSpan(0, read));
                Forward(to, buffer.AsSpan(0, read));
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // One side closed or the proxy is stopping: the other pump ends too.
        }
        finally
        {
            ForwardClose(to);
        }
    }

    private void StartThread(ThreadStart work, string role)
    {
        var thread = new Thread(work) { IsBackground = true, Name = $"{GetType().Name} {role}" };
        lock (_threads)
        {
            _threads.Add(thread);
        }

        thread.Start();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        Thread[] threads;
        lock (_threads)
        {
            threads = [.. _threads];
        }

        // Every blocking call returns once its socket is closed.
        foreach (var thread in threads)
        {
            thread.Join();
        }

        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>What a subclass stops after every connection is closed.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
