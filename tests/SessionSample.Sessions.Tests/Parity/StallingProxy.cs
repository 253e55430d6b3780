using System.Net.Sockets;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>
/// A loopback TCP proxy in front of a Redis server that can be told to stall: from then on it keeps every
/// connection open but forwards nothing, so commands are sent and never answered. That is a hung or
/// overloaded Redis, as opposed to a dead one (which refuses connections at once).
/// </summary>
public sealed class StallingProxy : LoopbackProxy
{
    private volatile bool _stalled;

    private StallingProxy(int targetPort)
        : base(targetPort)
    {
    }

    public static StallingProxy Start(int targetPort)
    {
        var proxy = new StallingProxy(targetPort);
        proxy.StartListening();
        return proxy;
    }

    /// <summary>Stops forwarding in both directions; bytes that arrive from now on are swallowed.</summary>
    public void Stall() => _stalled = true;

    protected override void Forward(Socket to, ReadOnlySpan<byte> chunk)
    {
        if (!_stalled)
        {
            base.Forward(to, chunk);
        }
    }
}
