using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions.UnitTests.Errors;

/// <summary>
/// Who gets problem+json and who gets the app's error page: a browser navigating to a page ranks text/html
/// first; fetch() sends <c>*/*</c> and API clients ask for JSON.
/// </summary>
public sealed class PrefersHtmlTests
{
    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", true)]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true)]
    [InlineData("TEXT/HTML", true)]
    [InlineData("text/html;q=0.5, application/json;q=0.5", true)]
    [InlineData("*/*", false)]
    [InlineData("application/json", false)]
    [InlineData("application/problem+json", false)]
    [InlineData("application/json, text/plain, */*", false)]
    [InlineData("application/json, text/html;q=0.5", false)]
    [InlineData("text/html;q=0", false)]
    [InlineData("text/plain", false)]
    [InlineData("", false)]
    public void A_page_navigation_prefers_html_and_fetch_or_an_API_client_does_not(string accept, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Accept = accept;

        Assert.Equal(expected, SessionExceptionHandler.PrefersHtml(context.Request));
    }

    [Fact]
    public void A_request_without_an_Accept_header_gets_problem_json()
    {
        Assert.False(SessionExceptionHandler.PrefersHtml(new DefaultHttpContext().Request));
    }
}
