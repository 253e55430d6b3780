using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// One API user's session under a batch of bad requests: a canary (a session value and a cart line) planted first,
/// every exchange checked, and the session read back at the end, where the canary must still be, and nothing the
/// rules refuse. A sign-out that worked ends the session as it should: the batch checks that, then plants again.
/// </summary>
internal sealed class ApiBatch(AppFixture fixture, Verdicts verdicts, bool signedIn) : IDisposable
{
    public const string CanaryKey = "canary";
    private static int s_logins;
    private readonly string _canary = $"\"canary {Guid.NewGuid():N}\"";
    private readonly string _canarySku = $"CANARY-{Random.Shared.Next(100_000):D5}";

    public SessionClient User { get; private set; } = fixture.NewApiUser();

    public static async Task<ApiBatch> StartAsync(AppFixture fixture, Verdicts verdicts, bool signedIn)
    {
        var batch = new ApiBatch(fixture, verdicts, signedIn);
        await batch.PlantAsync();
        return batch;
    }

    /// <summary>
    /// A client address of its own for each request (the API trusts X-Forwarded-For from loopback), under the
    /// documentation prefix: the bad logins never use up the per-address failures of the other tests' loopback.
    /// </summary>
    public static string NextAddress() =>
        string.Create(CultureInfo.InvariantCulture, $"2001:db8:{Environment.ProcessId % 0xFFFF:x}:{Interlocked.Increment(ref s_logins):x}::1");

    public async Task<Exchange> SendAsync(Probe probe)
    {
        using var request = probe.ToRequest();
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", NextAddress());
        using var response = await User.Http.SendAsync(request);
        var exchange = await Exchange.ReadAsync(probe, response);
        verdicts.CheckApi(exchange);
        if (probe.EndsSession && exchange.Status is >= 200 and < 300)
        {
            await ReadBackAsync(ended: true);
            await PlantAsync();
        }

        return exchange;
    }

    /// <summary>
    /// The session as it must be after the batch: readable (200), the canary value and cart line as planted, no key
    /// or cart line the rules refuse, and its flashes readable too. <paramref name="ended"/>: just signed out, so empty.
    /// </summary>
    public async Task ReadBackAsync(bool ended = false)
    {
        var session = await SendReadAsync("/api/session");
        if (session.Status == 200)
        {
            var values = JsonSerializer.Deserialize<JsonElement>(session.Body).GetProperty("values");
            var canary = values.TryGetProperty(CanaryKey, out var value) ? value.GetRawText() : null;
            if (ended ? values.EnumerateObject().Any() : canary != _canary)
            {
                verdicts.Fail(session, ended ? "a signed-out session still holds values" : $"lost the canary {_canary}");
            }

            foreach (var key in values.EnumerateObject().Select(property => property.Name).Where(key => !IsKeyTheRulesAllow(key)))
            {
                verdicts.Fail(session, $"stored a key the rules refuse, {BadBody.Shown(key)}");
            }
        }

        var cart = await SendReadAsync("/api/cart");
        if (cart.Status == 200)
        {
            var lines = JsonSerializer.Deserialize<JsonElement>(cart.Body).GetProperty("items").EnumerateArray()
                .ToDictionary(line => line.GetProperty("sku").GetString()!, line => line.GetProperty("quantity").GetInt64());
            if (!ended && lines.GetValueOrDefault(_canarySku) != 3)
            {
                verdicts.Fail(cart, $"lost the canary cart line {_canarySku} × 3");
            }

            foreach (var sku in lines.Keys.Where(sku => !ApiProbes.IsSku(sku)))
            {
                verdicts.Fail(cart, $"holds a cart line the rules refuse, {BadBody.Shown(sku)}");
            }
        }

        await SendReadAsync("/api/session/flash");
    }

    /// <summary>Signs in (when the batch is signed in) and plants the canary in the session the client holds now.</summary>
    public async Task PlantAsync()
    {
        if (signedIn)
        {
            using var login = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = "alice", password = "Pass123$" }) };
            login.Headers.TryAddWithoutValidation("X-Forwarded-For", NextAddress());
            using var signedInResponse = await User.Http.SendAsync(login);
            await SessionClient.EnsureSuccessAsync(signedInResponse);
        }

        using var put = await User.PutRawAsync($"/api/session/values/{CanaryKey}", _canary);
        await SessionClient.EnsureSuccessAsync(put);
        using var add = await User.PostAsJsonAsync("/api/cart/items", new { sku = _canarySku, quantity = 3 });
        await SessionClient.EnsureSuccessAsync(add);
    }

    private Task<Exchange> SendReadAsync(string path) => SendAsync(new Probe("read-back", "the session after the batch", HttpMethod.Get, path, Expect: Expect.Anything));

    // The apps' own keys hold what their code wrote; a client's key is what SessionKeys allows, to the very end.
    private static bool IsKeyTheRulesAllow(string key) =>
        key.StartsWith(SessionPrefix.Cart, StringComparison.Ordinal) ? ApiProbes.IsSku(key[SessionPrefix.Cart.Length..])
        : key.StartsWith(SessionPrefix.Counter, StringComparison.Ordinal) ? ApiProbes.IsClientKey(key[SessionPrefix.Counter.Length..])
        : key is "auth:userName" or "reports:latest" || key.StartsWith("web:", StringComparison.Ordinal) || ApiProbes.IsClientKey(key);

    private static class SessionPrefix
    {
        public const string Cart = "cart:";
        public const string Counter = "counter:";
    }

    public void Dispose() => User.Dispose();
}
