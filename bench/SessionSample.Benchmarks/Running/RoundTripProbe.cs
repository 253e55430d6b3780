using System.Diagnostics;
using SessionSample.Testing;

namespace SessionSample.Benchmarks.Running;

/// <summary>
/// Measures what the delay proxy really adds: sequential PINGs straight to the server and through the proxy,
/// medians compared. The nominal delay is only what was asked; sub-millisecond waits are easy to get wrong.
/// </summary>
public static class RoundTripProbe
{
    public const int Samples = 400;

    public static async Task<RoundTrip> MeasureAsync(RedisServerProcess server, int proxyPort) =>
        new(await MedianMicrosAsync(server.Port, server.Password), await MedianMicrosAsync(proxyPort, server.Password));

    private static async Task<double> MedianMicrosAsync(int port, string password)
    {
        await using var client = await RespClient.ConnectAsync(port);
        await client.AuthenticateAsync(password);
        var times = new double[Samples];
        for (var i = 0; i < Samples + 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var reply = await client.SendAsync("PING");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (reply != "+PONG")
            {
                throw new InvalidOperationException($"PING answered '{reply}'.");
            }

            // The first few warm the connection and the code path up.
            if (i >= 20)
            {
                times[i - 20] = elapsed;
            }
        }

        return SeriesResult.Median(times);
    }
}
