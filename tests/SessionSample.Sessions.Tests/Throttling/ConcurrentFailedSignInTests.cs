using System.Globalization;
using System.Net;
using SessionSample.Sessions.Tests.Infrastructure;
using SessionSample.Sessions.Tests.Throttling;

namespace SessionSample.Sessions.Tests.Throttling;

/// <summary>
/// The sign-in throttle's limit is a limit on password checks, so it must hold when the guesses arrive
/// together. The throttle checks the count (one script) and records a failure later (another), so every request
/// that checks before the first failure is recorded is let through to the password check.
/// </summary>
public sealed class ConcurrentFailedSignInTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    private const int MaxFailures = 5;
    private const int Guesses = 20;

    [Fact]
    public async Task Twenty_parallel_wrong_passwords_for_one_name_admit_at_most_MaxFailures_password_checks()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString, keyPrefix: $"race{Guid.NewGuid():N}:session:", configureBuilder: builder =>
        {
            builder.Configuration["Sessions:SignInThrottle:MaxFailures"] = MaxFailures.ToString(CultureInfo.InvariantCulture);
            builder.Configuration["Sessions:SignInThrottle:MaxFailuresPerAddress"] = "1000";
            builder.Configuration["Sessions:SignInThrottle:Window"] = "00:01:00";
        });
        var user = $"user{Guid.NewGuid():N}"[..16];
        using var start = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, Guesses).Select(async i =>
        {
            using var client = app.NewClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/throttled-sign-in?user={user}&password=wrong{i}");
            request.Headers.Add(ThrottlingEndpoints.AddressHeader, $"10.77.0.{i + 1}");
            await start.WaitAsync();
            using var response = await client.Http.SendAsync(request);
            return response.StatusCode;
        }).ToList();
        start.Release(Guesses);
        var answers = await Task.WhenAll(attempts);

        // Every 401 is a password that was checked; the rest must be 429.
        var checkedPasswords = answers.Count(status => status == HttpStatusCode.Unauthorized);
        Assert.All(answers, status => Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"unexpected {status}"));
        Assert.True(checkedPasswords <= MaxFailures, $"{checkedPasswords} of {Guesses} parallel guesses reached the password check; the limit is {MaxFailures}.");
    }
}
