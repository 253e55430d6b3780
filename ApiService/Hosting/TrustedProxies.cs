using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SessionSample.ApiService.Hosting;

/// <summary>
/// The web frontend signs people in through this API and names the browser in X-Forwarded-For; the sign-in
/// throttle counts per client address, so the header is trusted from known proxies only. Loopback is always
/// known; a deployment where the web runs elsewhere (Container Apps) lists its network in configuration:
/// <c>ForwardedHeaders:KnownNetworks</c> = ["10.0.0.0/16"]. Without it, every web sign-in would count as the
/// web's one address, and a few wrong guesses would refuse everyone's sign-ins for the window.
/// </summary>
public static class TrustedProxies
{
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var networks = builder.Configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? [];
        var parsed = networks.Select(Parse).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            foreach (var network in parsed)
            {
                options.KnownIPNetworks.Add(network);
            }
        });

        return builder;
    }

    // At start, with the setting's name: a typo here would otherwise silently trust nobody (or everybody).
    private static System.Net.IPNetwork Parse(string value) =>
        System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"{KnownNetworksKey} holds '{value}', which is not a network in CIDR notation such as 10.0.0.0/16.");
}
