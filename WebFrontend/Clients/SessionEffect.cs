namespace SessionSample.WebFrontend.Clients;

/// <summary>
/// What an API call did to the browser's session, as the session cookie it set says. The store sets that
/// cookie only when the id changes (a new session, a sign-in) or the session ends, so any such cookie means
/// the page's own session object is no longer the browser's: from then on, in this request, the page leaves
/// the session to the API (anything it wrote would land in a session the browser never sees, or in the ended
/// id the store refuses). One writer per key namespace, and never a stale one.
/// </summary>
public enum SessionEffect
{
    /// <summary>The call left the browser's session as it was: the page may still write its own keys.</summary>
    Unchanged,

    /// <summary>The API created the session or moved it to a new id (sign-in); the browser now holds that one.</summary>
    Replaced,

    /// <summary>The API ended the session and deleted its cookie (sign-out).</summary>
    Ended,
}
