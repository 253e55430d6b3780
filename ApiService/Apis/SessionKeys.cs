using System.Text.RegularExpressions;

namespace SessionSample.ApiService.Apis;

/// <summary>
/// The session keys the apps own. Clients may write any other key through <c>/api/session/values</c>,
/// but not these: a client must not be able to forge the signed-in user or a cart line.
/// </summary>
public static partial class SessionKeys
{
    public const int MaxLength = 64;

    public const string UserName = "auth:userName";
    public const string CartPrefix = "cart:";
    public const string CounterPrefix = "counter:";
    public const string LatestReport = "reports:latest";

    // "web:" belongs to the WebFrontend's pages. The session store's own fields start with '~', which
    // KeyPattern already refuses (and the store refuses any key starting with it).
    private static readonly string[] ReservedPrefixes = ["auth:", CartPrefix, CounterPrefix, "reports:", "web:"];

    /// <summary>Why <paramref name="key"/> cannot be written by a client, or null when it can.</summary>
    public static string? ValidateClientKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return "The key is required.";
        }

        if (key.Length > MaxLength)
        {
            return $"The key is {key.Length} characters long; at most {MaxLength} are allowed.";
        }

        if (!KeyPattern().IsMatch(key))
        {
            return "The key may contain only letters, digits and the characters '_', '-', '.' and ':'.";
        }

        var reserved = ReservedPrefixes.FirstOrDefault(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return reserved is null ? null : $"Keys starting with '{reserved}' are reserved for the apps themselves.";
    }

    // \z, not $: in .NET $ also matches before a final '\n', which would let "key\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9_.:-]+\z")]
    private static partial Regex KeyPattern();
}
