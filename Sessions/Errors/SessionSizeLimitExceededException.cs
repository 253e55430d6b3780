namespace SessionSample.Sessions;

/// <summary>A write would take a value or the whole session over its hard size limit. Nothing was written.</summary>
public sealed class SessionSizeLimitExceededException(string message) : Exception(message);
