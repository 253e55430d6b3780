using System.Buffers.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionSample.Sessions;
using SessionSample.Sessions.WriteThrough;

namespace SessionSample.ApiService.Apis;

/// <summary>
/// A cart kept in the session as one value per line (<c>cart:SKU</c> = quantity). Adding increments the
/// line in Redis at once, so adds from the web pages and the API at the same moment all count.
/// </summary>
public static partial class CartApi
{
    public const int MaxQuantity = 99;

    public static IEndpointRouteBuilder MapCartApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cart").WithTags("Cart")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/", GetCartAsync).WithName("GetCart");
        api.MapPost("/items", AddItemAsync).WithName("AddCartItem");
        api.MapDelete("/items/{sku}", RemoveItemAsync).WithName("RemoveCartItem");

        return app;
    }

    private static async Task<Ok<Cart>> GetCartAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var session = context.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        return TypedResults.Ok(ReadCart(session));
    }

    private static async Task<Results<Ok<Cart>, ValidationProblem>> AddItemAsync(
        AddCartItemRequest request, HttpContext context, CancellationToken cancellationToken)
    {
        if (ValidateSku(request.Sku) is { } skuError)
        {
            return Validation.Problem("sku", skuError);
        }

        if (request.Quantity is not (>= 1 and <= MaxQuantity))
        {
            return Validation.Problem("quantity", $"The quantity must be a whole number from 1 to {MaxQuantity}.");
        }

        var session = context.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        var key = SessionKeys.CartPrefix + request.Sku;
        var quantity = request.Quantity.Value;

        var lineQuantity = await session.IncrementAsync(key, quantity, cancellationToken);
        if (lineQuantity > MaxQuantity)
        {
            // Undo rather than check first: a check-then-increment would let two concurrent adds both pass.
            await session.IncrementAsync(key, -quantity, cancellationToken);
            return Validation.Problem("quantity", $"A cart holds at most {MaxQuantity} of one item; it already has {lineQuantity - quantity} of {request.Sku}.");
        }

        return TypedResults.Ok(ReadCart(session, (request.Sku!, lineQuantity)));
    }

    private static async Task<Results<Ok<Cart>, ValidationProblem>> RemoveItemAsync(
        string sku, HttpContext context, CancellationToken cancellationToken)
    {
        if (ValidateSku(sku) is { } skuError)
        {
            return Validation.Problem("sku", skuError);
        }

        var session = context.GetRedisSession();
        await session.LoadAsync(cancellationToken);
        await session.RemoveNowAsync(SessionKeys.CartPrefix + sku, cancellationToken);
        return TypedResults.Ok(ReadCart(session, (sku, 0)));
    }

    private static string? ValidateSku(string? sku) =>
        string.IsNullOrEmpty(sku) ? "The sku is required."
        : SkuPattern().IsMatch(sku) ? null
        : "The sku must be 1 to 32 characters: upper-case letters, digits and '-'.";

    /// <summary>The cart as loaded, with <paramref name="changed"/> (the line this request just wrote) as Redis now has it.</summary>
    private static Cart ReadCart(IRedisSession session, (string Sku, long Quantity)? changed = null)
    {
        var lines = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var key in session.Keys)
        {
            if (key.StartsWith(SessionKeys.CartPrefix, StringComparison.Ordinal)
                && session.TryGetValue(key, out var bytes)
                && Utf8Parser.TryParse(bytes, out long quantity, out _)
                && quantity > 0)
            {
                lines[key[SessionKeys.CartPrefix.Length..]] = quantity;
            }
        }

        if (changed is { } line)
        {
            if (line.Quantity > 0)
            {
                lines[line.Sku] = line.Quantity;
            }
            else
            {
                lines.Remove(line.Sku);
            }
        }

        return new Cart([.. lines.Select(entry => new CartItem(entry.Key, entry.Value))]);
    }

    // \z, not $: in .NET $ also matches before a final '\n', which would let "SKU\n" through.
    [GeneratedRegex(@"^[A-Z0-9-]{1,32}\z")]
    private static partial Regex SkuPattern();
}

public sealed record AddCartItemRequest(string? Sku, int? Quantity);

public sealed record CartItem(string Sku, long Quantity);

public sealed record Cart(IReadOnlyList<CartItem> Items);
