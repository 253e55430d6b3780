using System.Net;
using System.Net.Sockets;

namespace SessionSample.Testing;

/// <summary>Loopback ports nobody listens on right now (another process can still take one before it is used).</summary>
public static class FreePort
{
    public static int Next() => Next(1)[0];

    /// <summary><paramref name="count"/> different ports: each is held until all are chosen, so none comes twice.</summary>
    public static IReadOnlyList<int> Next(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
