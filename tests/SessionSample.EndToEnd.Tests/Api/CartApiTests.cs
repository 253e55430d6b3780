using System.Net;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class CartApiTests(AppFixture fixture)
{
    private static IEnumerable<(string Sku, long Quantity)> Lines(JsonElement cart) =>
        cart.GetProperty("items").EnumerateArray().Select(item => (item.GetProperty("sku").GetString()!, item.GetProperty("quantity").GetInt64()));

    [Fact]
    public async Task Add_sums_quantities_and_delete_removes_the_line()
    {
        using var user = fixture.NewApiUser();
        Assert.Empty(Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));

        using (var add = await user.PostAsJsonAsync("/api/cart/items", new { sku = "TEA-01", quantity = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
            Assert.Equal([("TEA-01", 2L)], Lines(await add.ReadJsonAsync()));
        }

        using (var add = await user.PostAsJsonAsync("/api/cart/items", new { sku = "MUG-7", quantity = 1 }))
        {
            Assert.Equal([("MUG-7", 1L), ("TEA-01", 2L)], Lines(await add.ReadJsonAsync()));
        }

        using (var add = await user.PostAsJsonAsync("/api/cart/items", new { sku = "TEA-01", quantity = 3 }))
        {
            Assert.Equal([("MUG-7", 1L), ("TEA-01", 5L)], Lines(await add.ReadJsonAsync()));
        }

        Assert.Equal([("MUG-7", 1L), ("TEA-01", 5L)], Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));

        using (var delete = await user.Http.DeleteAsync("/api/cart/items/TEA-01"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
            Assert.Equal([("MUG-7", 1L)], Lines(await delete.ReadJsonAsync()));
        }

        Assert.Equal([("MUG-7", 1L)], Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));
    }

    [Fact]
    public async Task Concurrent_adds_to_one_cart_all_count()
    {
        using var user = fixture.NewApiUser();
        using (var first = await user.PostAsJsonAsync("/api/cart/items", new { sku = "PEN", quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var adds = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            user.PostAsJsonAsync("/api/cart/items", new { sku = i % 2 == 0 ? "PEN" : "INK", quantity = 2 })));
        Assert.All(adds, add => Assert.Equal(HttpStatusCode.OK, add.StatusCode));
        foreach (var add in adds)
        {
            add.Dispose();
        }

        Assert.Equal([("INK", 16L), ("PEN", 17L)], Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));
    }

    [Theory]
    [InlineData("tea-01", 1, "sku")]
    [InlineData("", 1, "sku")]
    [InlineData(null, 1, "sku")]
    [InlineData("THIS-SKU-IS-MUCH-TOO-LONG-FOR-A-CART-1", 1, "sku")]
    [InlineData("TEA 01", 1, "sku")]
    [InlineData("TEA-01\n", 1, "sku")]
    [InlineData("TEA-01", 0, "quantity")]
    [InlineData("TEA-01", -3, "quantity")]
    [InlineData("TEA-01", 100, "quantity")]
    [InlineData("TEA-01", null, "quantity")]
    public async Task Add_refuses_a_bad_sku_or_quantity_with_400(string? sku, int? quantity, string field)
    {
        using var user = fixture.NewApiUser();

        using var add = await user.PostAsJsonAsync("/api/cart/items", new { sku, quantity });

        await add.AssertValidationProblemAsync(field);
        Assert.Empty(Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));
    }

    [Fact]
    public async Task Add_refuses_a_quantity_that_is_not_a_number_with_400()
    {
        using var user = fixture.NewApiUser();
        using var add = await user.Http.PostAsync("/api/cart/items",
            new StringContent("""{"sku":"TEA-01","quantity":"lots"}""", System.Text.Encoding.UTF8, "application/json"));
        await add.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));
    }

    [Fact]
    public async Task A_line_never_goes_over_99_and_a_refused_add_changes_nothing()
    {
        using var user = fixture.NewApiUser();
        using (var add = await user.PostAsJsonAsync("/api/cart/items", new { sku = "BOX", quantity = 90 }))
        {
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        }

        using (var tooMany = await user.PostAsJsonAsync("/api/cart/items", new { sku = "BOX", quantity = 10 }))
        {
            Assert.Contains("99", await tooMany.AssertValidationProblemAsync("quantity"), StringComparison.Ordinal);
        }

        Assert.Equal([("BOX", 90L)], Lines(await user.GetJsonAsync<JsonElement>("/api/cart")));
    }

    [Theory]
    [InlineData("/api/cart/items/lower-case")]
    [InlineData("/api/cart/items/THIS-SKU-IS-MUCH-TOO-LONG-FOR-A-CART-1")]
    [InlineData("/api/cart/items/TEA-01%0A")]
    public async Task Delete_refuses_a_bad_sku_with_400(string path)
    {
        using var user = fixture.NewApiUser();
        using var delete = await user.Http.DeleteAsync(path);
        await delete.AssertValidationProblemAsync("sku");
    }
}
