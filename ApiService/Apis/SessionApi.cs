using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SessionSample.Sessions;
using SessionSample.Sessions.WriteThrough;

namespace SessionSample.ApiService.Apis;

/// <summary>The raw session: read it, write single values, count atomically, pass flash messages.</summary>
public static class SessionApi
{
    private const int MaxFlashLength = 500;

    // The view nests each value two levels deep (the view, then its values) and the serializer stops at 64
    // levels (JsonSerializerOptions.MaxDepth's default, which clients reading the view have too): a value
    // deeper than this could be stored but never shown, and would make the whole session unreadable.
    private const int MaxValueDepth = 64 - 2;

    private static readonly JsonDocumentOptions ViewableJson = new() { MaxDepth = MaxValueDepth };

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/session").WithTags("Session")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/", GetSessionAsync).WithName("GetSession");
        // The key is optional in the route only so that a missing key gets a clear 400 instead of a bare 404/405.
        api.MapPut("/values/{key?}", PutValueAsync).WithName("PutSessionValue")
            .Accepts<JsonElement>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapDelete("/values/{key?}", DeleteValueAsync).WithName("DeleteSessionValue");
        api.MapPost("/counters/{key}/increment", IncrementCounterAsync).WithName("IncrementSessionCounter");
        api.MapPost("/flash", AddFlashAsync).WithName("AddFlash");
        api.MapGet("/flash", TakeFlashesAsync).WithName("TakeFlashes");

        return app;
    }

    private static async Task<Ok<SessionView>> GetSessionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = context.GetRedisSession();
        await session.LoadAsync(cancellationToken);

        var values = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var key in session.Keys)
        {
            if (session.TryGetValue(key, out var bytes))
            {
                values[key] = ToJson(bytes);
            }
        }

        return TypedResults.Ok(new SessionView(values, session.CreatedAt, session.LastAccessedAt, session.ExpiresAt, session.SizeBytes));
    }

    private static async Task<Results<NoContent, ValidationProblem>> PutValueAsync(
        string? key, HttpContext context, IOptions<RedisSessionOptions> sessionOptions, CancellationToken cancellationToken)
    {
        if (SessionKeys.ValidateClientKey(key) is { } keyError)
        {
            return Validation.Problem("key", keyError);
        }

        // A body the store would refuse anyway is not read into memory first: Kestrel stops at the
        // value limit and answers 413 (through BadRequestExceptionHandler).
        context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = sessionOptions.Value.HardValueBytes;

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, cancellationToken);
        var value = body.ToArray();
        if (!IsJson(value))
        {
            return Validation.Problem("body", $"The body must be one JSON value of valid text, nested at most {MaxValueDepth} deep, for example \"text\", 42 or {{\"a\":1}}.");
        }

        // Written at once so that a value over the size limit fails this request (413) and nothing else.
        await context.GetRedisSession().SetNowAsync(key!, value, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ValidationProblem>> DeleteValueAsync(
        string? key, HttpContext context, CancellationToken cancellationToken)
    {
        if (SessionKeys.ValidateClientKey(key) is { } keyError)
        {
            return Validation.Problem("key", keyError);
        }

        await context.GetRedisSession().RemoveNowAsync(key!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CounterValue>, ValidationProblem>> IncrementCounterAsync(
        string key, HttpContext context, CancellationToken cancellationToken)
    {
        // Counters live under their own prefix, so a counter can never collide with a JSON value of the same name.
        if (SessionKeys.ValidateClientKey(key) is { } keyError)
        {
            return Validation.Problem("key", keyError);
        }

        var value = await context.GetRedisSession().IncrementAsync(SessionKeys.CounterPrefix + key, 1, cancellationToken);
        return TypedResults.Ok(new CounterValue(value));
    }

    private static async Task<Results<NoContent, ValidationProblem>> AddFlashAsync(
        FlashRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Message))
        {
            return Validation.Problem("message", "The message is required.");
        }

        if (request.Message.Length > MaxFlashLength)
        {
            return Validation.Problem("message", $"The message is {request.Message.Length} characters long; at most {MaxFlashLength} are allowed.");
        }

        await context.GetRedisSession().AddFlashAsync(request.Message, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<FlashMessages>> TakeFlashesAsync(HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(new FlashMessages(await context.GetRedisSession().TakeFlashesAsync(cancellationToken)));

    private static bool IsJson(byte[] value) => TryReadJson(value) is not null;

    /// <summary>The value as JSON the view can carry, or null when it is not: not JSON, nested too deep, or not writable.</summary>
    private static JsonElement? TryReadJson(byte[] value)
    {
        // JSON is UTF-8, and the reader does not check the bytes inside strings: a value that is not UTF-8 is
        // not JSON the view can carry.
        if (value.Length == 0 || !Utf8.IsValid(value))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value, ViewableJson);

            // Parsing keeps escapes as they are and writing decodes them: an escaped lone surrogate ("\uD800") parses
            // but cannot be written, which would fail the whole view. Written once here, it fails this value only.
            using (var probe = new Utf8JsonWriter(Stream.Null))
            {
                document.RootElement.WriteTo(probe);
            }

            return document.RootElement.Clone();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Values written by other means (a page storing plain text, binary data, an older version storing deeper
    // JSON) are shown rather than hidden, so the view always tells the whole session and never fails on one
    // value: JSON the view can carry as JSON, other text as a JSON string, anything else as base64.
    private static JsonElement ToJson(byte[] bytes)
    {
        if (TryReadJson(bytes) is { } json)
        {
            return json;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = "base64:" + Convert.ToBase64String(bytes);
        }

        return JsonSerializer.SerializeToElement(text);
    }
}

public sealed record SessionView(
    IReadOnlyDictionary<string, JsonElement> Values,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastAccessedAt,
    DateTimeOffset? ExpiresAt,
    long SizeBytes);

public sealed record CounterValue(long Value);

public sealed record FlashRequest(string? Message);

public sealed record FlashMessages(IReadOnlyList<string> Messages);
