using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionSample.EndToEnd.Tests;

internal static class Problems
{
    /// <summary>Asserts an RFC 9457 problem+json answer with <paramref name="status"/> and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 whose errors name <paramref name="field"/>, and returns that field's first message.</summary>
    public static async Task<string> AssertValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No errors in {problem}");
        var match = errors.EnumerateObject().FirstOrDefault(error => string.Equals(error.Name, field, StringComparison.OrdinalIgnoreCase));
        Assert.True(match.Value.ValueKind == JsonValueKind.Array, $"No error for '{field}' in {problem}");
        var message = match.Value[0].GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
