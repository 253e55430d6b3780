using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionSample.Benchmarks.Hosting;

public sealed record CartItem(string Sku, string Name, int Quantity, decimal UnitPrice);

/// <summary>The ~10-item cart every seeded session holds, stored as one JSON value under <see cref="Key"/>.</summary>
public static class Cart
{
    public const string Key = "cart";

    public static readonly byte[] SeedJson = JsonSerializer.SerializeToUtf8Bytes(
        [.. Enumerable.Range(1, 10).Select(i => new CartItem($"SKU-{i:D5}", $"Catalog item number {i}", i % 3 + 1, 9.99m * i))],
        CartJsonContext.Default.CartItemArray);

    public static CartItem[] Parse(byte[] json) =>
        JsonSerializer.Deserialize(json, CartJsonContext.Default.CartItemArray) ?? [];
}

[JsonSerializable(typeof(CartItem[]))]
internal sealed partial class CartJsonContext : JsonSerializerContext;
