using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace SessionSample.Testing;

/// <summary>
/// A loopback TCP proxy that holds every chunk for a fixed time in each direction before sending it on, as a
/// network hop between an app and its Redis would: latency only, no bandwidth limit, and chunks read one
/// after another keep their spacing (each is due its own read time plus the delay). One dedicated thread
/// sends every chunk when it is due, waiting with <see cref="PreciseWait"/> (Task.Delay cannot wait a
/// quarter of a millisecond), and records how late it was, so a report can show the delay really added.
/// With a zero delay it forwards at once, as a plain proxy.
/// </summary>
public sealed class DelayProxy : LoopbackProxy
{
    private readonly ConcurrentQueue<Held> _held = new();
    // Counts the held chunks. A kernel semaphore, not SemaphoreSlim: that one spins before it blocks, which
    // between the chunks of a light load was most of the proxy's CPU. Never disposed, since a pump may
    // still release it while the proxy stops.
    private readonly Semaphore _available = new(0, int.MaxValue);
    private readonly Thread _sender;
    private readonly long _delayTicks;
    private readonly Lateness _lateness = new();
    private volatile bool _stopping;

    private DelayProxy(int upstreamPort, TimeSpan oneWay)
        : base(upstreamPort)
    {
        OneWay = oneWay;
        _delayTicks = (long)Math.Round(oneWay.TotalSeconds * Stopwatch.Frequency);
        _sender = new Thread(SendWhenDue) { IsBackground = true, Name = "DelayProxy sender" };
    }

    /// <summary>How long each chunk is held in each direction: a round trip through the proxy gains twice this.</summary>
    public TimeSpan OneWay { get; }

    public static DelayProxy Start(int upstreamPort, TimeSpan oneWay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oneWay, TimeSpan.Zero);
        var proxy = new DelayProxy(upstreamPort, oneWay);
        if (proxy._delayTicks > 0)
        {
            proxy._sender.Start();
        }

        proxy.StartListening();
        return proxy;
    }

    /// <summary>How late after its due time each chunk went out so far (the time the proxy adds beyond <see cref="OneWay"/>).</summary>
    public LatenessSummary Summary() => _lateness.Summary();

    protected override void Forward(Socket to, ReadOnlySpan<byte> chunk)
    {
        if (_delayTicks == 0)
        {
            base.Forward(to, chunk);
            return;
        }

        // Stamped on arrival: a chunk read later is due later, whatever the sender is busy with.
        var due = Stopwatch.GetTimestamp() + _delayTicks;
        var copy = ArrayPool<byte>.Shared.Rent(chunk.Length);
        chunk.CopyTo(copy);
        Hold(new Held(to, copy, chunk.Length, due));
    }

    // A close travels like data: it must not overtake the chunks still held for that socket.
    protected override void ForwardClose(Socket to)
    {
        if (_delayTicks == 0)
        {
            base.ForwardClose(to);
            return;
        }

        Hold(new Held(to, Buffer: null, 0, Stopwatch.GetTimestamp() + _delayTicks));
    }

    private void Hold(Held held)
    {
        if (_stopping)
        {
            // Stopping: nothing is sent any more, but a socket still gets closed.
            if (held.Buffer is null)
            {
                Close(held.To);
            }

            return;
        }

        _held.Enqueue(held);
        _available.Release();
    }

    // Every chunk gets the same delay, so the queue is in due order: wait for the head, send it, repeat.
    private void SendWhenDue()
    {
        var wait = new PreciseWait();
        while (true)
        {
            _available.WaitOne();
            if (_stopping || !_held.TryDequeue(out var held))
            {
                return;
            }

            wait.Until(held.Due);
            _lateness.Record(Stopwatch.GetTimestamp() - held.Due);
            if (held.Buffer is null)
            {
                Close(held.To);
                continue;
            }

            try
            {
                SendAll(held.To, held.Buffer.AsSpan(0, held.Length));
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // The connection is gone; its pumps end by themselves.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(held.Buffer);
            }
        }
    }

    protected override ValueTask DisposeCoreAsync()
    {
        _stopping = true;
        _available.Release();
        if (_sender.IsAlive)
        {
            _sender.Join();
        }

        return ValueTask.CompletedTask;
    }

    private sealed record Held(Socket To, byte[]? Buffer, int Length, long Due);

    /// <summary>A histogram of lateness in whole microseconds (0 to 9,999, the rest in the last bucket).</summary>
    private sealed class Lateness
    {
        private readonly long[] _counts = new long[10_000];
        private long _total;
        private long _maxTicks;

        public void Record(long ticks)
        {
            var micros = (int)Math.Clamp(ticks * 1_000_000 / Stopwatch.Frequency, 0, _counts.Length - 1);
            lock (_counts)
            {
                _counts[micros]++;
                _total++;
                _maxTicks = Math.Max(_maxTicks, ticks);
            }
        }

        public LatenessSummary Summary()
        {
            lock (_counts)
            {
                return new LatenessSummary(_total, Percentile(0.50), Percentile(0.99), _maxTicks * 1_000_000.0 / Stopwatch.Frequency);
            }
        }

        private double Percentile(double fraction)
        {
            var rank = (long)Math.Ceiling(fraction * _total);
            if (_total == 0)
            {
                return 0;
            }

            var seen = 0L;
            for (var i = 0; i < _counts.Length; i++)
            {
                seen += _counts[i];
                if (seen >= rank)
                {
                    return i;
                }
            }

            return _counts.Length - 1;
        }
    }
}

/// <summary>How late a <see cref="DelayProxy"/> sent its chunks after their due time, in microseconds.</summary>
public sealed record LatenessSummary(long Chunks, double P50Micros, double P99Micros, double MaxMicros);
