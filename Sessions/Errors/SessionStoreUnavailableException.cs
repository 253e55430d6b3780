namespace SessionSample.Sessions;

/// <summary>The session store (the <c>sessions</c> Redis) did not answer within the operation budget. Mapped to 503.</summary>
public sealed class SessionStoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
