using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionSample.ApiService.Apis;

internal static class Validation
{
    /// <summary>A 400 problem+json naming the one field that is wrong and why.</summary>
    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            title: "The request is not valid.");
}
