using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionSample.Sessions.Tests.Throttling;

/// <summary>
/// Failed sign-ins are limited per user name (whatever the address) and per address (whatever the name),
/// counted in the sessions Redis: 429 problem+json with Retry-After until the window passes, then the right
/// password gets in; successes count for nothing; two app instances see one count; names are never stored raw.
/// </summary>
public sealed class SignInThrottleTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>, IAsyncLifetime
{
    private const int MaxFailures = 3;
    private const int MaxFailuresPerAddress = 6;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly string _keyPrefix = $"throttle{Guid.NewGuid():N}:session:";
    private TestApp _app = null!;
    private TestApp _secondApp = null!;
    private SessionClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await StartAsync(Window);
        _secondApp = await StartAsync(Window);
        _client = _app.NewClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _secondApp.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_name_that_failed_MaxFailures_times_is_refused_from_any_address_even_with_the_right_password()
    {
        var user = NewUser();
        for (var i = 0; i < MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(_client, user, "wrong", $"10.0.0.{i + 1}"));
        }

        using var refused = await SendAsync(_client, user, ThrottlingEndpoints.RightPassword, "10.0.9.9");

        var problem = await TestHttp.SingleProblemAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), Window);
        Assert.Contains($"Try again in {(int)retryAfter.TotalSeconds} seconds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, await SignInAsync(_client, NewUser(), ThrottlingEndpoints.RightPassword, "10.0.9.9"));
    }

    [Fact]
    public async Task An_address_that_failed_with_many_names_is_refused_for_a_new_name_and_other_addresses_are_not()
    {
        var address = "10.1.0.1";
        for (var i = 0; i < MaxFailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(_client, NewUser(), "wrong", address));
        }

        using var refused = await SendAsync(_client, NewUser(), ThrottlingEndpoints.RightPassword, address);
        await TestHttp.SingleProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.NoContent, await SignInAsync(_client, NewUser(), ThrottlingEndpoints.RightPassword, "10.1.0.2"));
    }

    [Fact]
    public async Task Successes_do_not_count_and_do_not_reset_another_names_count()
    {
        var user = NewUser();
        var address = "10.2.0.1";
        for (var i = 0; i < MaxFailures * 3; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, await SignInAsync(_client, user, ThrottlingEndpoints.RightPassword, address));
        }

        var guessed = NewUser();
        for (var i = 0; i < MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(_client, guessed, "wrong", address));
        }

        Assert.Equal(HttpStatusCode.NoContent, await SignInAsync(_client, user, ThrottlingEndpoints.RightPassword, address));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(_client, guessed, ThrottlingEndpoints.RightPassword, "10.2.0.2"));
    }

    [Fact]
    public async Task Two_app_instances_count_one_name_together()
    {
        var user = NewUser();
        using var second = _secondApp.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(_client, user, "wrong", "10.3.0.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(second, user, "wrong", "10.3.0.2"));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(_client, user, "wrong", "10.3.0.3"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(second, user, ThrottlingEndpoints.RightPassword, "10.3.0.4"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(_client, user, ThrottlingEndpoints.RightPassword, "10.3.0.5"));
    }

    [Fact]
    public async Task A_name_counts_however_it_is_spelled_and_only_its_hash_is_stored()
    {
        var user = NewUser();
        foreach (var spelling in new[] { user, $"  {user.ToUpperInvariant()} ", user.ToLowerInvariant() })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(_client, spelling, "wrong", "10.4.0.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(_client, user, ThrottlingEndpoints.RightPassword, "10.4.0.2"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.Sessions.ConnectionString);
        var keys = redis.GetServers()[0].Keys(pattern: _keyPrefix + "throttle:*").Select(k => (string)k!).ToList();
        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, key => key.Contains(user, StringComparison.OrdinalIgnoreCase) || key.Contains("10.4.0", StringComparison.Ordinal));
        Assert.All(keys, key => Assert.Matches(@"throttle:(name|address):\{[0-9a-f]{64}\}$", key));
    }

    [Fact]
    public async Task Once_the_window_passes_the_right_password_gets_in()
    {
        await using var app = await StartAsync(TimeSpan.FromSeconds(2));
        using var client = app.NewClient();
        var user = NewUser();
        for (var i = 0; i < MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, user, "wrong", "10.5.0.1"));
        }

        using var refused = await SendAsync(client, user, ThrottlingEndpoints.RightPassword, "10.5.0.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var refusedAt = DateTimeOffset.UtcNow;

        // The counter's expiry in Redis is the window's end: wait for it, not for a guess.
        await servers.Sessions.WaitUntilGoneAsync(ThrottleKeyOf(app, user));

        Assert.True(DateTimeOffset.UtcNow - refusedAt < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.NoContent, await SignInAsync(client, user, ThrottlingEndpoints.RightPassword, "10.5.0.1"));
    }

    [Fact]
    public async Task A_full_counter_that_lost_its_expiry_gets_one_again_so_the_name_is_not_refused_for_ever()
    {
        // As a counter left by hand (PERSIST) or by a store that dropped its TTL: full, and without a window's end.
        var user = NewUser();
        var key = ThrottleKeyOf(_app, user);
        Assert.Equal("+OK", await servers.Sessions.CommandAsync("SET", key, MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        using var refused = await SendAsync(_client, user, ThrottlingEndpoints.RightPassword, "10.6.0.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var ttl = await servers.Sessions.PttlAsync(key);
        Assert.InRange(ttl, 1, (long)Window.TotalMilliseconds);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, Window - TimeSpan.FromSeconds(5), Window);
    }

    private static string ThrottleKeyOf(TestApp app, string user) =>
        (string)Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SignInThrottle>(app.Services).Keys(user, null).Single().Key!;

    private Task<TestApp> StartAsync(TimeSpan window) =>
        // Through configuration, as a deployment sets them.
        TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: _keyPrefix, configureBuilder: builder =>
        {
            builder.Configuration["Sessions:SignInThrottle:MaxFailures"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Configuration["Sessions:SignInThrottle:MaxFailuresPerAddress"] = MaxFailuresPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Configuration["Sessions:SignInThrottle:Window"] = window.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        });

    private static string NewUser() => $"user{Guid.NewGuid():N}"[..16];

    private static async Task<HttpStatusCode> SignInAsync(SessionClient client, string user, string password, string address)
    {
        using var response = await SendAsync(client, user, password, address);
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(SessionClient client, string user, string password, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/throttled-sign-in?user={Uri.EscapeDataString(user)}&password={password}");
        request.Headers.Add(ThrottlingEndpoints.AddressHeader, address);
        return client.Http.SendAsync(request);
    }
}
