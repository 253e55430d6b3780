using System.Net;
using System.Net.Http.Json;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// Sign-in throttling under parallel guesses, on the real ApiService: "5 failures a minute, then 429". The login endpoint checks
/// the count, verifies the password (a PBKDF2 hash, tens of milliseconds) and only then records the failure, so
/// guesses sent together all pass the check: the limit caps sequential guessing only. Each guess comes from its
/// own forwarded address (the test connects from loopback, a trusted proxy) so only the per-name limit applies.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ParallelSignInGuessTests(AppFixture fixture)
{
    private const int DefaultMaxFailures = 5;
    private const int Guesses = 20;

    [Fact]
    public async Task Twenty_parallel_wrong_passwords_for_one_name_get_at_most_five_401s_and_the_rest_429()
    {
        var userName = $"nobody{Guid.NewGuid():N}"[..18];
        var subnet = $"10.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}";
        using var start = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, Guesses).Select(async i =>
        {
            using var user = fixture.NewApiUser();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName, password = "guess" + i }) };
            request.Headers.Add("X-Forwarded-For", $"{subnet}.{i + 1}");
            await start.WaitAsync();
            using var response = await user.Http.SendAsync(request);
            return response.StatusCode;
        }).ToList();
        start.Release(Guesses);
        var answers = await Task.WhenAll(attempts);

        Assert.All(answers, status => Assert.True(status is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"unexpected {status}"));
        var checkedPasswords = answers.Count(status => status == HttpStatusCode.Unauthorized);
        Assert.True(checkedPasswords <= DefaultMaxFailures, $"{checkedPasswords} of {Guesses} parallel guesses had their password checked; the limit is {DefaultMaxFailures}.");
    }
}
