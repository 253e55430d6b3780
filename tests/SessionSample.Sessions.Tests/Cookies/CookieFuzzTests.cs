using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using SessionSample.Sessions.Tests.Infrastructure;

namespace SessionSample.Sessions.Tests.Cookies;

public sealed class CookieFuzzTests(RedisPairFixture servers) : IClassFixture<RedisPairFixture>
{
    [Fact]
    public async Task Random_truncated_tampered_oversized_and_unknown_cookies_start_a_new_session_and_never_cause_a_5xx()
    {
        await using var app = await TestApp.StartAsync(servers.Sessions.ConnectionString);
        using var owner = app.NewClient();
        await owner.PostJsonAsync<ValueView>("/write/secret?value=mine");
        var valid = owner.Cookie!;
        var cookies = BadCookies(valid, app).ToList();
        Assert.True(cookies.Count >= 1000, $"only {cookies.Count} cookies");

        var failures = new List<string>();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(cookies.Select(async (cookie, index) =>
        {
            await gate.WaitAsync();
            try
            {
                using var client = new SessionClient(app.Address) { Cookie = cookie };
                using var response = index % 2 == 0 ? await client.GetAsync("/read") : await client.PostAsync("/write/k?value=v");
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500 || body.Contains("mine", StringComparison.Ordinal))
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)response.StatusCode} for cookie '{cookie[..Math.Min(cookie.Length, 80)]}': {body[..Math.Min(body.Length, 200)]}");
                    }
                }

                if (index % 2 == 1 && response.StatusCode == HttpStatusCode.OK)
                {
                    // The write went to a brand-new session with its own cookie, never to the one the cookie named.
                    var issued = SessionClient.SetCookieValue(response);
                    if (string.IsNullOrEmpty(issued) || issued == cookie)
                    {
                        lock (failures)
                        {
                            failures.Add($"no new session for cookie '{cookie[..Math.Min(cookie.Length, 80)]}'");
                        }
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.Empty(failures);
        Assert.Equal("mine", (await owner.GetJsonAsync<SessionView>("/read")).Values["secret"]);
    }

    private static IEnumerable<string> BadCookies(string valid, TestApp app)
    {
        var random = new Random(20261126);
        const string base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < 400; i++)
        {
            yield return RandomString(random, base64Url, random.Next(1, 300));
        }

        // Every truncation of a real cookie.
        for (var length = 0; length < valid.Length; length++)
        {
            yield return valid[..length];
        }

        // A real cookie with one character changed (not among the last two: base64url's final character
        // carries padding bits, so some changes there decode to the very same bytes).
        for (var i = 0; i < 200; i++)
        {
            var chars = valid.ToCharArray();
            var position = random.Next(chars.Length - 2);
            chars[position] = chars[position] == 'A' ? 'B' : 'A';
            yield return new string(chars);
        }

        // Oversized: up to about 8 KB (Kestrel's default header limits stay far above).
        for (var i = 0; i < 100; i++)
        {
            yield return i % 2 == 0 ? string.Concat(Enumerable.Repeat(valid, 2 + (i % 60))) : RandomString(random, base64Url, random.Next(600, 8000));
        }

        // Any printable ASCII that a cookie header can carry.
        const string printable = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
        for (var i = 0; i < 100; i++)
        {
            yield return RandomString(random, printable, random.Next(1, 200));
        }

        // Properly protected but naming a session that does not exist (expired or invented), or a malformed id,
        // or protected for another purpose.
        var protector = RawSessionIds.CookieProtector(app.Services);
        var otherPurpose = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("something-else");
        for (var i = 0; i < 50; i++)
        {
            yield return protector.Protect(RandomString(random, base64Url, 24));
            yield return protector.Protect(RandomString(random, printable, random.Next(0, 40)));
            yield return otherPurpose.Protect(app.RawSessionId(valid));
        }

        yield return string.Empty;
    }

    private static string RandomString(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
