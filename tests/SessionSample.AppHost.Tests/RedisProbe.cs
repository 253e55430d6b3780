using SessionSample.Testing;
using StackExchange.Redis;

namespace SessionSample.AppHost.Tests;

/// <summary>Talks to the AppHost's Redis resources from outside, the way an app or a person would.</summary>
public static class RedisProbe
{
    public static async Task<ConnectionMultiplexer> ConnectAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true; // CONFIG GET
        options.ConnectTimeout = 5_000;
        options.AsyncTimeout = 10_000;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public static async Task<string> ConfigGetAsync(IConnectionMultiplexer connection, string parameter)
    {
        var values = await connection.GetServers().Single().ConfigGetAsync(parameter);
        return Assert.Single(values, pair => pair.Key == parameter).Value;
    }

    /// <summary>Sends commands on a fresh connection, with no AUTH, and returns the reply to each.</summary>
    public static async Task<string[]> SendRawAsync(string connectionString, params string[] commands)
    {
        var endpoint = ConfigurationOptions.Parse(connectionString).EndPoints.Single();
        var (host, port) = endpoint switch
        {
            System.Net.IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            System.Net.DnsEndPoint dns => (dns.Host, dns.Port),
            _ => throw new InvalidOperationException($"Unexpected endpoint {endpoint}"),
        };

        await using var client = await RespClient.ConnectAsync(port, host);
        var replies = new List<string>();
        foreach (var command in commands)
        {
            replies.Add(await client.SendAsync(command.Split(' ')));
        }

        return [.. replies];
    }

    /// <summary>A process' command line as ps shows it to anyone on the machine.</summary>
    public static async Task<string> ProcessCommandLineAsync(int pid)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ps", ["-ww", "-o", "args=", "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        using var ps = System.Diagnostics.Process.Start(start)!;
        var output = await ps.StandardOutput.ReadToEndAsync();
        await ps.WaitForExitAsync();
        return output;
    }

    public static string PasswordOf(string connectionString) =>
        ConfigurationOptions.Parse(connectionString).Password ?? throw new InvalidOperationException("No password in the connection string.");
}
