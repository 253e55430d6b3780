namespace SessionSample.WebFrontend.Sessions;

/// <summary>The cart page's own note of the last change it made, kept in the session beside the API's cart lines.</summary>
public sealed record LastCartChange(string Action, string Sku, int Quantity, DateTimeOffset At);
