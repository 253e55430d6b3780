using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class SessionApiTests(AppFixture fixture)
{
    [Fact]
    public async Task A_new_session_is_empty_and_the_view_never_shows_the_id()
    {
        using var user = fixture.NewApiUser();
        await (await user.PutRawAsync("/api/session/values/theme", "\"dark\"")).Content.ReadAsStringAsync();
        Assert.NotNull(user.Cookie);

        using var response = await user.Http.GetAsync("/api/session");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(user.Cookie!, body, StringComparison.Ordinal);
        var view = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal("dark", view.GetProperty("values").GetProperty("theme").GetString());
        Assert.True(view.GetProperty("sizeBytes").GetInt64() > 0);
        Assert.True(view.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.True(view.TryGetProperty("createdAt", out _));
        Assert.True(view.TryGetProperty("lastAccessedAt", out _));

        using var stranger = fixture.NewApiUser();
        var empty = await stranger.GetJsonAsync<JsonElement>("/api/session");
        Assert.Empty(empty.GetProperty("values").EnumerateObject());
    }

    [Fact]
    public async Task Put_stores_any_json_value_and_delete_removes_it()
    {
        using var user = fixture.NewApiUser();

        using (var put = await user.PutRawAsync("/api/session/values/prefs", """{"lang":"en","size":3}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using (var put = await user.PutRawAsync("/api/session/values/visits", "7"))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var values = await user.SessionValuesAsync();
        Assert.Equal("en", values.GetProperty("prefs").GetProperty("lang").GetString());
        Assert.Equal(7, values.GetProperty("visits").GetInt32());

        using (var delete = await user.Http.DeleteAsync("/api/session/values/prefs"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        values = await user.SessionValuesAsync();
        Assert.False(values.TryGetProperty("prefs", out _));
        Assert.Equal(7, values.GetProperty("visits").GetInt32());
    }

    [Fact]
    public async Task A_value_over_the_hard_limit_is_refused_with_413_and_the_earlier_value_stays()
    {
        using var user = fixture.NewApiUser();
        using (var put = await user.PutRawAsync("/api/session/values/note", "\"small\""))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        var huge = JsonSerializer.Serialize(new string('x', 300 * 1024));
        using var tooBig = await user.PutRawAsync("/api/session/values/note", huge);

        await tooBig.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var values = await user.SessionValuesAsync();
        Assert.Equal("small", values.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_write_that_would_take_the_session_over_its_hard_limit_is_refused_with_413_and_nothing_is_lost()
    {
        using var user = fixture.NewApiUser();
        var quarter = JsonSerializer.Serialize(new string('q', 240 * 1024));
        foreach (var key in new[] { "q1", "q2", "q3", "q4" })
        {
            using var put = await user.PutRawAsync($"/api/session/values/{key}", quarter);
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        // Each value is under the value limit, but a fifth takes the session past 1 MB.
        using var fifth = await user.PutRawAsync("/api/session/values/q5", quarter);

        var problem = await fifth.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("session", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var values = await user.SessionValuesAsync();
        Assert.Equal(["q1", "q2", "q3", "q4"], values.EnumerateObject().Select(value => value.Name));
        Assert.Equal(240 * 1024, values.GetProperty("q4").GetString()!.Length);
    }

    [Theory]
    [InlineData("/api/session/values/", "\"v\"", "key")]
    [InlineData("/api/session/values/%20%20", "\"v\"", "key")]
    [InlineData("/api/session/values/this-key-is-far-too-long-to-be-a-session-key-since-it-has-66-chars", "\"v\"", "key")]
    [InlineData("/api/session/values/cart:TEA", "5", "key")]
    [InlineData("/api/session/values/auth:userName", "\"mallory\"", "key")]
    [InlineData("/api/session/values/web:lastCartChange", "{}", "key")]
    [InlineData("/api/session/values/bad key!", "1", "key")]
    [InlineData("/api/session/values/~created", "1", "key")]
    [InlineData("/api/session/values/a%0A", "\"v\"", "key")]
    [InlineData("/api/session/values/ok", "not json", "body")]
    [InlineData("/api/session/values/ok", "", "body")]
    [InlineData("/api/session/values/ok", "{\"unclosed\": ", "body")]
    public async Task Put_refuses_a_bad_key_or_body_with_a_clear_400(string path, string body, string field)
    {
        using var user = fixture.NewApiUser();

        using var response = await user.PutRawAsync(path, body);

        await response.AssertValidationProblemAsync(field);
        Assert.Empty((await user.SessionValuesAsync()).EnumerateObject());
    }

    [Theory]
    [InlineData("/api/session/values/")]
    [InlineData("/api/session/values/cart:TEA")]
    [InlineData("/api/session/values/a%0A")]
    public async Task Delete_refuses_a_bad_key_with_400(string path)
    {
        using var user = fixture.NewApiUser();
        using var response = await user.Http.DeleteAsync(path);
        await response.AssertValidationProblemAsync("key");
    }

    [Fact]
    public async Task Counters_increment_atomically()
    {
        using var user = fixture.NewApiUser();
        using (var first = await user.Http.PostAsync("/api/session/counters/clicks/increment", null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(1, (await first.ReadJsonAsync()).GetProperty("value").GetInt64());
        }

        // Twenty at once on one session: a load-modify-save counter would lose some of them.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => user.Http.PostAsync("/api/session/counters/clicks/increment", null)));
        var seen = new List<long>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add((await response.ReadJsonAsync()).GetProperty("value").GetInt64());
            response.Dispose();
        }

        Assert.Equal(Enumerable.Range(2, 20).Select(value => (long)value), seen.Order());
        using var last = await user.Http.PostAsync("/api/session/counters/clicks/increment", null);
        Assert.Equal(22, (await last.ReadJsonAsync()).GetProperty("value").GetInt64());
    }

    [Theory]
    [InlineData("/api/session/counters/cart:TEA/increment")]
    [InlineData("/api/session/counters/this-key-is-far-too-long-to-be-a-session-key-since-it-has-66-chars/increment")]
    [InlineData("/api/session/counters/a%0A/increment")]
    public async Task Counters_refuse_a_bad_key_with_400(string path)
    {
        using var user = fixture.NewApiUser();
        using var response = await user.Http.PostAsync(path, null);
        await response.AssertValidationProblemAsync("key");
    }

    [Fact]
    public async Task Flash_messages_are_read_once_oldest_first()
    {
        using var user = fixture.NewApiUser();
        foreach (var message in new[] { "first", "second" })
        {
            using var post = await user.PostAsJsonAsync("/api/session/flash", new { message });
            Assert.Equal(HttpStatusCode.NoContent, post.StatusCode);
        }

        // Waiting flash messages are the store's business (fields starting with '~'), not values a client sees or overwrites.
        Assert.Empty((await user.SessionValuesAsync()).EnumerateObject());

        var taken = await user.GetJsonAsync<JsonElement>("/api/session/flash");
        Assert.Equal(["first", "second"], taken.GetProperty("messages").EnumerateArray().Select(m => m.GetString()));

        var again = await user.GetJsonAsync<JsonElement>("/api/session/flash");
        Assert.Empty(again.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task Flash_refuses_a_missing_empty_or_over_long_message_with_400()
    {
        using var user = fixture.NewApiUser();

        using (var missing = await user.PostAsJsonAsync("/api/session/flash", new { }))
        {
            Assert.Contains("required", await missing.AssertValidationProblemAsync("message"), StringComparison.OrdinalIgnoreCase);
        }

        using (var blank = await user.PostAsJsonAsync("/api/session/flash", new { message = "   " }))
        {
            await blank.AssertValidationProblemAsync("message");
        }

        using (var tooLong = await user.PostAsJsonAsync("/api/session/flash", new { message = new string('m', 501) }))
        {
            Assert.Contains("500", await tooLong.AssertValidationProblemAsync("message"), StringComparison.Ordinal);
        }

        using var malformed = await user.Http.PostAsync("/api/session/flash",
            new StringContent("{\"message\":", System.Text.Encoding.UTF8, "application/json"));
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty((await user.GetJsonAsync<JsonElement>("/api/session/flash")).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task A_tampered_session_cookie_is_a_new_empty_session_not_an_error()
    {
        using var user = fixture.NewApiUser();
        user.Cookie = "CfDJ8tampered-not-a-real-protected-id";

        var view = await user.GetJsonAsync<JsonElement>("/api/session");

        Assert.Empty(view.GetProperty("values").EnumerateObject());
        using var put = await user.PutRawAsync("/api/session/values/after", "1");
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.NotEqual("CfDJ8tampered-not-a-real-protected-id", user.Cookie);
    }
}
