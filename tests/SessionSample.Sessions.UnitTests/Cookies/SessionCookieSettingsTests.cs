using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace SessionSample.Sessions.UnitTests.Cookies;

/// <summary>
/// The <c>__Host-</c> prefix: browsers take such a cookie only when it is Secure, for Path=/ and without a Domain, so
/// it is on by default outside Development exactly when the cookie is always Secure there and nothing else rules it out.
/// </summary>
public sealed class SessionCookieSettingsTests
{
    private static readonly string s_defaultName = new RedisSessionCookieOptions().Name;

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_Development_the_defaults_give_a_secure_host_prefixed_cookie(string environment)
    {
        var settings = Settings(environment, _ => { });

        Assert.Equal(CookieSecurePolicy.Always, settings.Cookie.SecurePolicy);
        Assert.Equal(SessionCookieSettings.HostPrefix + s_defaultName, settings.Name);
        Assert.Equal("/", settings.Cookie.Path);
        Assert.Null(settings.Cookie.Domain);
    }

    [Fact]
    public void In_Development_the_cookie_follows_the_request_and_keeps_its_name()
    {
        var settings = Settings(Environments.Development, _ => { });

        Assert.Equal(CookieSecurePolicy.SameAsRequest, settings.Cookie.SecurePolicy);
        Assert.Equal(s_defaultName, settings.Name);
    }

    [Theory]
    [InlineData(CookieSecurePolicy.SameAsRequest, "/", null)]
    [InlineData(CookieSecurePolicy.None, "/", null)]
    [InlineData(CookieSecurePolicy.Always, "/app", null)]
    [InlineData(CookieSecurePolicy.Always, "/", "example.com")]
    public void Outside_Development_the_prefix_is_left_off_where_a_browser_would_refuse_it(CookieSecurePolicy secure, string path, string? domain)
    {
        var settings = Settings(Environments.Production, cookie =>
        {
            cookie.SecurePolicy = secure;
            cookie.Path = path;
            cookie.Domain = domain;
        });

        Assert.Equal(s_defaultName, settings.Name);
        Assert.Equal(secure, settings.Cookie.SecurePolicy);
    }

    [Fact]
    public void UseHostPrefix_true_turns_it_on_in_Development_when_the_cookie_is_always_secure()
    {
        var settings = Settings(Environments.Development, cookie =>
        {
            cookie.UseHostPrefix = true;
            cookie.SecurePolicy = CookieSecurePolicy.Always;
        });

        Assert.Equal(SessionCookieSettings.HostPrefix + s_defaultName, settings.Name);
    }

    [Fact]
    public void UseHostPrefix_true_still_needs_a_cookie_that_is_always_secure()
    {
        var settings = Settings(Environments.Development, cookie => cookie.UseHostPrefix = true);

        Assert.Equal(s_defaultName, settings.Name);
    }

    [Fact]
    public void UseHostPrefix_false_turns_it_off_outside_Development()
    {
        var settings = Settings(Environments.Production, cookie => cookie.UseHostPrefix = false);

        Assert.Equal(s_defaultName, settings.Name);
        Assert.Equal(CookieSecurePolicy.Always, settings.Cookie.SecurePolicy);
    }

    [Fact]
    public void A_name_that_already_has_the_prefix_is_not_prefixed_twice()
    {
        var settings = Settings(Environments.Production, cookie => cookie.Name = "__Host-mine");

        Assert.Equal("__Host-mine", settings.Name);
    }

    [Theory]
    [InlineData(CookieSecurePolicy.Always, false, true)]
    [InlineData(CookieSecurePolicy.None, true, false)]
    [InlineData(CookieSecurePolicy.SameAsRequest, true, true)]
    [InlineData(CookieSecurePolicy.SameAsRequest, false, false)]
    public void The_cookie_sent_is_HttpOnly_essential_and_Secure_as_the_policy_says(CookieSecurePolicy secure, bool https, bool expectedSecure)
    {
        var settings = Settings(Environments.Production, cookie =>
        {
            cookie.SecurePolicy = secure;
            cookie.SameSite = SameSiteMode.Strict;
        });
        var context = new DefaultHttpContext();
        context.Request.Scheme = https ? "https" : "http";

        var options = settings.Cookie.Build(context);

        Assert.Equal(expectedSecure, options.Secure);
        Assert.True(options.HttpOnly);
        Assert.True(options.IsEssential);
        Assert.Equal(SameSiteMode.Strict, options.SameSite);
        Assert.Equal("/", options.Path);
        Assert.Null(options.Domain);
    }

    private static SessionCookieSettings Settings(string environment, Action<RedisSessionCookieOptions> configure)
    {
        var options = new RedisSessionOptions();
        configure(options.Cookie);
        return new SessionCookieSettings(Options.Create(options), new HostingEnvironment { EnvironmentName = environment });
    }
}
