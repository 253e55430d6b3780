namespace SessionSample.Sessions;

/// <summary>
/// Another request ended (sign-out) or moved (sign-in) this request's session while it was using it, so its
/// write was refused rather than reviving the old id: nothing was written. Mapped to 409 Conflict.
/// </summary>
public sealed class SessionEndedException()
    : Exception("The session was ended or moved to a new id by another request while this request was using it; nothing was written. Repeat the request with the current session.");
