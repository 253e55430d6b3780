using SessionSample.Sessions;

namespace SessionSample.WebFrontend.Sessions;

/// <summary>What the home page shows about the session: timestamps, size and which keys it holds (never the id).</summary>
public sealed record SessionSummary(
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastAccessedAt,
    DateTimeOffset? ExpiresAt,
    long SizeBytes,
    IReadOnlyList<string> Keys,
    string? UserName)
{
    public bool IsEmpty => Keys.Count == 0;

    public static SessionSummary Of(IRedisSession session) => new(
        session.CreatedAt,
        session.LastAccessedAt,
        session.ExpiresAt,
        session.SizeBytes,
        [.. session.Keys.Order(StringComparer.Ordinal)],
        session.GetString(WebSessionKeys.UserName));
}
