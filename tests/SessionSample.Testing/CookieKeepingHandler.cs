namespace SessionSample.Testing;

/// <summary>Sends the jar's cookies with every request and keeps what every response sets.</summary>
internal sealed class CookieKeepingHandler(CookieJar jar) : DelegatingHandler(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (jar.Header is { } cookies)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookies);
        }

        var response = await base.SendAsync(request, cancellationToken);
        jar.Update(response);
        return response;
    }
}
