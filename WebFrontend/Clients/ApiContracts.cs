namespace SessionSample.WebFrontend.Clients;

// The API's answers, as this app reads them.
public sealed record ApiStatus(string Service, DateTimeOffset ServerTime);

public sealed record UserInfo(string UserName);

public sealed record CartItem(string Sku, long Quantity);

public sealed record Cart(IReadOnlyList<CartItem> Items);

public sealed record ReportSummary(DateTimeOffset CreatedAt, int Rows, int SizeBytes);

public sealed record ReportRow(int Line, string Sku, string Region, string SoldAt, int Units, double Revenue);

public sealed record Report(DateTimeOffset CreatedAt, IReadOnlyList<ReportRow> Rows);

/// <summary>The answer of a call that succeeds with 204 No Content.</summary>
public sealed record NoBody;

/// <summary>The answer of <c>GET /api/sessions</c>: the signed-in user's sessions, newest first.</summary>
public sealed record SessionList(IReadOnlyList<SessionItem> Sessions);

/// <summary>One of the user's sessions; <see cref="Handle"/> names it to the API and cannot open it.</summary>
public sealed record SessionItem(
    string Handle,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset ExpiresAt,
    string Device,
    bool Current);
