namespace SessionSample.Sessions;

/// <summary>An increment of a value that is not a 64-bit integer, or that would leave the 64-bit range. Nothing was written. Mapped to 409 Conflict.</summary>
public sealed class SessionCounterException(string message) : InvalidOperationException(message);
