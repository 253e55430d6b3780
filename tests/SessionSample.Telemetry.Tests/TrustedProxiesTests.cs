extern alias ApiService;

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SessionSample.Telemetry.Tests;

/// <summary>
/// The ApiService trusts X-Forwarded-For (the sign-in throttle's client address) from loopback and from the
/// networks configuration lists; the one in-process host of the real ApiService lives in this project.
/// </summary>
public sealed class TrustedProxiesTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Networks_from_configuration_are_trusted_beside_loopback()
    {
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/16" };
        await using var app = new InProcessApp<ApiService::Program>(Environments.Production, redis.Server, settings).Start();

        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Contains(options.KnownIPNetworks, network => network.Contains(IPAddress.Parse("10.20.3.4")));
        Assert.Contains(options.KnownIPNetworks, network => network.Contains(IPAddress.Loopback));
        Assert.DoesNotContain(options.KnownIPNetworks, network => network.Contains(IPAddress.Parse("10.21.0.1")));
    }

    [Fact]
    public void A_network_that_is_not_CIDR_fails_at_start_naming_the_setting()
    {
        var settings = new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.20.0.0/99" };
        var app = new InProcessApp<ApiService::Program>(Environments.Production, redis.Server, settings);

        var error = Assert.Throws<InvalidOperationException>(() => app.Start());

        Assert.Contains("ForwardedHeaders:KnownNetworks", error.Message, StringComparison.Ordinal);
        app.Dispose();
    }
}
