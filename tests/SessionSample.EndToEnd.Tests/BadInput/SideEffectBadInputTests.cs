using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// Bad input that is not in one request: a cache entry of the wrong type under a session's report, a sign-in that
/// takes a session past its size limit. Still a clear answer, and the session whole (or the change not made at all).
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SideEffectBadInputTests(AppFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_report_whose_cache_entry_holds_a_wrong_type_is_a_clear_error_on_the_api_and_the_page()
    {
        var verdicts = new Verdicts(output);
        using (var batch = await ApiBatch.StartAsync(fixture, verdicts, signedIn: false))
        {
            await batch.SendAsync(new Probe("wrong-type-in-cache", "create the report", HttpMethod.Post, "/api/reports", Expect: Expect.Anything));
            var values = await batch.User.SessionValuesAsync();
            var cacheKey = CacheKey().Match(values.GetProperty("reports:latest").GetString()!).Value;
            await using (var cache = await ConnectionMultiplexer.ConnectAsync(await fixture.App.GetConnectionStringAsync("cache") ?? ""))
            {
                await cache.GetDatabase().KeyDeleteAsync(cacheKey);
                await cache.GetDatabase().HashSetAsync(cacheKey, "not", "a string");
            }

            await batch.SendAsync(new Probe("wrong-type-in-cache", "the report", HttpMethod.Get, "/api/reports/latest", Expect: Expect.Anything));
            using var web = new WebBatch(fixture, verdicts, batch);
            await web.SendAsync(new FormPost("wrong-type-in-cache", "the report page", "/Report", "/Report", [], Method: "GET"));
            await batch.ReadBackAsync();
        }

        verdicts.AssertNoFailures();
    }

    [Fact]
    public async Task A_sign_in_past_the_session_size_limit_is_done_whole_or_not_at_all()
    {
        var verdicts = new Verdicts(output);
        using var batch = await ApiBatch.StartAsync(fixture, verdicts, signedIn: false);
        // Four values under the value limit, then one that leaves the session a few bytes short of its 1 MB.
        var quarter = JsonSerializer.Serialize(new string('q', 240 * 1024));
        foreach (var key in new[] { "q1", "q2", "q3", "q4" })
        {
            await batch.SendAsync(new Probe("sign-in-past-the-limit", "fill the session", HttpMethod.Put, $"/api/session/values/{key}", BadBody.Of("quarter", quarter), Expect.Anything));
        }

        var size = (await batch.User.GetJsonAsync<JsonElement>("/api/session")).GetProperty("sizeBytes").GetInt64();
        await batch.SendAsync(new Probe("sign-in-past-the-limit", "fill the session", HttpMethod.Put, "/api/session/values/q5",
            BadBody.Of("the rest", JsonSerializer.Serialize(new string('r', (int)(1024 * 1024 - size - 64)))), Expect.Anything));
        var before = (await batch.User.SessionValuesAsync()).GetRawText();

        var login = await batch.SendAsync(new Probe("sign-in-past-the-limit", "sign in", HttpMethod.Post, "/api/auth/login",
            BadBody.Of("alice", """{"userName":"alice","password":"Pass123$"}"""), Expect.Anything));

        using var me = await batch.User.GetAsync("/api/auth/me");
        var after = await batch.User.GetAsync("/api/session");
        var session = await Exchange.ReadAsync(login.Probe, after);
        var whole = login.Status == 200 && me.StatusCode == HttpStatusCode.OK;
        var notAtAll = login.Status == 413 && me.StatusCode == HttpStatusCode.Unauthorized;
        if (!whole && !notAtAll)
        {
            verdicts.Fail(login, $"signed in by half: /api/auth/me then answered {(int)me.StatusCode}");
        }

        if (session.Status != 200 || JsonSerializer.Deserialize<JsonElement>(session.Body).GetProperty("values").GetRawText().Length < before.Length)
        {
            verdicts.Fail(session, "lost session values in the sign-in");
        }

        verdicts.AssertNoFailures();
    }

    [GeneratedRegex(@"\S*offload:[0-9a-f]+")]
    private static partial Regex CacheKey();
}
