using CsCheck;
using Xunit.Abstractions;

namespace SessionSample.EndToEnd.Tests.BadInput;

/// <summary>
/// Issue 21: bad input to any page form gets the app's own HTML page (the form again, or its error page), never a
/// 5xx, and the session keeps what it held. Fixed cases for each kind, then generated batches on top.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WebBadInputTests(AppFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(BadText.Kinds), MemberType = typeof(BadText))]
    public async Task Every_page_form_answers_a_bad_text_with_a_page_and_keeps_the_session(string kind) =>
        // Three texts a kind: a page post costs two requests (the page for its token, then the post).
        await RunAsync(BadText.Fixed[kind].Take(3).SelectMany((text, i) => WebForms.ForText(kind, text, first: i == 0)));

    [Fact]
    public async Task Every_page_form_posted_without_its_antiforgery_token_is_refused_with_a_page() =>
        await RunAsync(WebForms.WithoutToken("missing-antiforgery"));

    [Fact]
    public async Task Every_page_form_under_a_wrong_content_type_answers_a_page() =>
        await RunAsync(WebForms.WrongContentTypes("wrong-content-types"));

    [Fact]
    public async Task Every_page_answers_a_wrong_method_with_a_page() =>
        await RunAsync(WebForms.WrongMethods("wrong-methods"));

    [Fact]
    public async Task Every_page_form_answers_a_duplicate_session_cookie_with_a_page_and_keeps_the_session()
    {
        var verdicts = new Verdicts(output);
        using var batch = await WebBatch.StartAsync(fixture, verdicts);
        var name = SessionClient.SessionCookieName;
        foreach (var extra in new[] { $"{name}=garbage", $"{name}=", $"{name}={batch.Cookie}; {name}=garbage" })
        {
            foreach (var form in WebForms.Bare("duplicate-session-cookies", [], extra).Concat(WebForms.Pages.Select(page =>
                new FormPost("duplicate-session-cookies", "a page", page, page, [], Method: "GET", ExtraCookies: extra))))
            {
                await batch.SendAsync(form);
            }

            await batch.ReadBackAsync();
        }

        verdicts.AssertNoFailures();
    }

    [Fact]
    public async Task Generated_form_posts_never_fail_the_web_nor_lose_the_session()
    {
        var forms = Gen.Select(BadText.Generated, Gen.Int[0, 1000]).Select((text, pick) =>
        {
            var all = WebForms.ForText("generated", text, first: false).ToList();
            return all[pick % all.Count];
        });
        await BadInputSeed.SampleAsync(forms.Array[5], async batchForms =>
        {
            var verdicts = new Verdicts(output);
            using (var batch = await WebBatch.StartAsync(fixture, verdicts))
            {
                foreach (var form in batchForms)
                {
                    await batch.SendAsync(form);
                }

                await batch.ReadBackAsync();
            }

            verdicts.AssertNoFailures();
        }, output, iterations: 6, print: batchForms => string.Join("\n", batchForms.Select(form => form.ToProbe(null).ToString())));
    }

    private async Task RunAsync(IEnumerable<FormPost> forms)
    {
        var verdicts = new Verdicts(output);
        using (var batch = await WebBatch.StartAsync(fixture, verdicts))
        {
            foreach (var form in forms)
            {
                await batch.SendAsync(form);
            }

            await batch.ReadBackAsync();
        }

        verdicts.AssertNoFailures();
    }
}
