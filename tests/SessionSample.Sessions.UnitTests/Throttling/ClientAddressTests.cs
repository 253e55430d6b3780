using System.Net;

namespace SessionSample.Sessions.UnitTests.Throttling;

/// <summary>What the per-address limit counts as one client: an IPv4 address, or an IPv6 /64.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:a:b::1", "2001:db8:a:b::/64")]
    [InlineData("2001:db8:a:b:ffff:ffff:ffff:ffff", "2001:db8:a:b::/64")]
    [InlineData("2001:db8:a:c::1", "2001:db8:a:c::/64")]
    [InlineData("::1", "::/64")]
    public void A_client_is_its_IPv4_address_or_its_IPv6_64(string address, string client) =>
        Assert.Equal(client, SignInThrottle.ClientOf(IPAddress.Parse(address)));
}
