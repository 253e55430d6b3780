using Microsoft.Net.Http.Headers;

namespace SessionSample.ApiService.Apis;

/// <summary>
/// JSON between systems is UTF-8 (RFC 8259 §8.1). A body declared in another charset is refused with 415
/// problem+json before binding: the framework's JSON reader would otherwise throw an InvalidOperationException
/// for a charset it does not know, which no handler can tell from a bug (a 500).
/// </summary>
public static class Utf8Bodies
{
    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) && mediaType.Charset.HasValue
            && IsUtf8(mediaType.Charset.Value!) && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            // UTF-8 named as a quoted string ("utf-8") or as "utf8": the framework's JSON reader looks the name up as it
            // is and knows neither (a 500). Named the way it knows, the body is read as the UTF-8 it is.
            mediaType.Charset = "utf-8";
            context.Request.ContentType = mediaType.ToString();
        }

        if (DeclaredCharset(context.Request.ContentType) is { } charset && !IsUtf8(charset))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "The request body must be UTF-8.",
                    Detail = $"The Content-Type names the charset '{charset}'; send the body as UTF-8 (or name no charset).",
                },
            });
            return;
        }

        await next(context);
    });

    private static string? DeclaredCharset(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.Charset.HasValue ? parsed.Charset.Value : null;

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
