using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionSample.ApiService.Apis;

internal static class Validation
{
    /// <summary>A 400 problem+json naming the one field that is wrong and why.</summary>
    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            title: "The request is not valid.");

    /// <summary>
    /// Whether <paramref name="value"/> is text a person can type: no unpaired surrogate (it has no UTF-8 form, and
    /// hashing or normalising it fails or silently replaces it) and no noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF
    /// and their kin in every plane, which Unicode keeps for a program's internal use; NFKC refuses U+FFFE).
    /// </summary>
    public static bool IsText(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || IsNoncharacter(rune.Value))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    private static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
