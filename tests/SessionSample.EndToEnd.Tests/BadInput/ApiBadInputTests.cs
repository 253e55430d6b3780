using CsCheck;
using Xunit.Abstractions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// Issue 21: bad input to any API route gets a clear 4xx problem+json, never a 5xx, and the session it came with
/// keeps what it held. Fixed cases for each kind (the same every run), then generated batches on top.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ApiBadInputTests(AppFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(BadText.Kinds), MemberType = typeof(BadText))]
    public async Task Every_api_route_answers_a_bad_text_clearly_and_keeps_the_session(string kind)
    {
        var texts = BadText.Fixed[kind];
        await RunAsync(texts.SelectMany((text, i) => ApiProbes.ForText(kind, text, withQuery: i == 0)));
    }

    [Theory]
    [MemberData(nameof(BadBodies.Kinds), MemberType = typeof(BadBodies))]
    public async Task Every_api_route_answers_a_bad_body_clearly_and_keeps_the_session(string kind) =>
        await RunAsync(ApiProbes.ForBody(kind));

    [Fact]
    public async Task Every_api_route_answers_a_wrong_method_with_a_problem() =>
        await RunAsync(ApiProbes.WrongMethods("wrong-methods"));

    [Fact]
    public async Task Every_api_route_answers_a_duplicate_session_cookie_clearly_and_keeps_the_session()
    {
        var verdicts = new Verdicts(output);
        using var stranger = fixture.NewApiUser();
        using (var planted = await stranger.PutRawAsync("/api/session/values/theirs", "1"))
        {
            await SessionClient.EnsureSuccessAsync(planted);
        }

        using var batch = await ApiBatch.StartAsync(fixture, verdicts, signedIn: true);
        var name = SessionClient.SessionCookieName;
        // Sent before the client's own cookie (the one the batch's canary is in): garbage, empty, a stranger's session.
        foreach (var extra in new[] { $"{name}=garbage", $"{name}=", $"{name}={stranger.Cookie}", $"{name}={batch.User.Cookie}; {name}=garbage" })
        {
            foreach (var probe in ApiProbes.Bare.Select(route => new Probe("duplicate-session-cookies", "a second session cookie", route.Method, route.Path, Expect: Expect.Anything, ExtraCookies: extra, EndsSession: route.EndsSession))
                .Concat(ApiProbes.JsonRoutes.Select(route => route.Probe("duplicate-session-cookies", BadBody.Of("good", route.Fresh()), Expect.Anything) with { ExtraCookies = extra })))
            {
                await batch.SendAsync(probe);
            }

            await batch.ReadBackAsync();
        }

        verdicts.AssertNoFailures();
    }

    [Fact]
    public async Task Generated_bad_requests_to_the_api_never_fail_the_server_nor_lose_the_session()
    {
        var total = 0;
        await BadInputSeed.SampleAsync(GeneratedProbe.Array[6], async probes =>
        {
            var verdicts = new Verdicts(output);
            using (var batch = await ApiBatch.StartAsync(fixture, verdicts, signedIn: true))
            {
                foreach (var probe in probes)
                {
                    await batch.SendAsync(probe);
                }

                await batch.ReadBackAsync();
            }

            total += verdicts.Exchanges;
            verdicts.AssertNoFailures();
        }, output, iterations: 15, print: probes => string.Join("\n", probes.Select(probe => probe.ToString())));
        output.WriteLine($"{total} generated exchanges in all.");
    }

    private static readonly Gen<Probe> GeneratedProbe = Gen.Frequency(
        (3, Gen.Select(BadText.Generated, Gen.Int[0, 1000]).Select((text, pick) =>
        {
            var probes = ApiProbes.ForText("generated", text, withQuery: true).Where(probe => !probe.EndsSession).ToList();
            return probes[pick % probes.Count];
        })),
        (2, Gen.Int[0, ApiProbes.JsonRoutes.Length - 1].SelectMany(index =>
        {
            var route = ApiProbes.JsonRoutes[index];
            return BadBodies.Generated(route.Fields).Select(body => route.Probe("generated", body, route.Fields.Count == 0 ? ApiProbes.ExpectOfValue(body) : Expect.Anything));
        })));

    private async Task RunAsync(IEnumerable<Probe> probes)
    {
        var verdicts = new Verdicts(output);
        using (var batch = await ApiBatch.StartAsync(fixture, verdicts, signedIn: true))
        {
            foreach (var probe in probes)
            {
                await batch.SendAsync(probe);
            }

            await batch.ReadBackAsync();
        }

        verdicts.AssertNoFailures();
    }
}
