using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionSample.EndToEnd.Tests.Browser;

namespace SessionSample.EndToEnd.Tests.Api;

/// <summary>
/// The real login endpoint and sign-in page under the default throttle (5 failures a minute per name): the
/// sixth attempt on a name is 429 with Retry-After, right password or not, and the web page says how long to
/// wait in words. Names of their own that exist nowhere: the limit applies to them all the same.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SignInThrottleTests(AppFixture fixture)
{
    private const int DefaultMaxFailures = 5;

    [Fact]
    public async Task The_login_endpoint_answers_429_with_Retry_After_once_a_name_failed_five_times()
    {
        var userName = $"nobody{Guid.NewGuid():N}"[..18];
        using var user = fixture.NewApiUser();
        for (var i = 0; i < DefaultMaxFailures; i++)
        {
            using var failed = await user.PostAsJsonAsync("/api/auth/login", new { userName, password = "guess" + i });
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var refused = await user.PostAsJsonAsync("/api/auth/login", new { userName, password = "guess" });

        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("Try again in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_count_per_forwarded_client_address_so_one_address_is_refused_and_another_is_not()
    {
        // The test connects from loopback, a proxy the API trusts (as it trusts the web frontend): X-Forwarded-For names the client.
        const int defaultMaxFailuresPerAddress = 20;
        var guesser = $"10.{Random.Shared.Next(1, 250)}.{Random.Shared.Next(1, 250)}.7";
        using var user = fixture.NewApiUser();
        for (var i = 0; i < defaultMaxFailuresPerAddress; i++)
        {
            using var failed = await LoginFromAsync(user, guesser, $"nobody{Guid.NewGuid():N}"[..18]);
            await failed.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var refused = await LoginFromAsync(user, guesser, $"nobody{Guid.NewGuid():N}"[..18]))
        {
            await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        }

        using var elsewhere = await LoginFromAsync(user, guesser.Replace(".7", ".8", StringComparison.Ordinal), $"nobody{Guid.NewGuid():N}"[..18]);
        await elsewhere.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_sign_in_page_shows_the_wait_in_words()
    {
        var userName = $"nobody{Guid.NewGuid():N}"[..18];
        var context = await fixture.NewBrowserContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            for (var i = 0; i < DefaultMaxFailures; i++)
            {
                await page.SignInAsync(userName, "guess" + i);
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("wrong");
            }

            await page.SignInAsync(userName, "guess");

            var alert = page.GetByRole(AriaRole.Alert);
            await Assertions.Expect(alert).ToContainTextAsync(Wait());
            var seconds = int.Parse(Wait().Match(await alert.InnerTextAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, 1, 60);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static Task<HttpResponseMessage> LoginFromAsync(SessionClient user, string address, string userName)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = System.Net.Http.Json.JsonContent.Create(new { userName, password = "guess" }) };
        request.Headers.Add("X-Forwarded-For", address);
        return user.Http.SendAsync(request);
    }

    [GeneratedRegex(@"Too many attempts\. Try again in (\d+) seconds?\.")]
    private static partial Regex Wait();
}
