using Microsoft.AspNetCore.Http;

namespace SessionSample.Sessions;

/// <summary>
/// A module's part in each request (the lock module's seam): the middleware runs every registered hook before the
/// endpoint, with the session resolved but not loaded. What a hook takes on the session for the request it keeps
/// as the session's <see cref="IHookedSession.Hold"/>, which the core carries through a regeneration and releases
/// after the commit (or when the request fails).
/// </summary>
internal interface ISessionRequestHook
{
    Task BeforeAsync(HttpContext context, IHookedSession session);
}

/// <summary>What a request hook sees of the session.</summary>
internal interface IHookedSession
{
    /// <summary>The session's handle when its cookie named one (something may be stored under it); null for a new session, which nobody else can know yet.</summary>
    SessionHandle? ResolveStored();

    /// <summary>The hold a hook took for this request (the lock's owner token), or null.</summary>
    ISessionHold? Hold { get; set; }

    /// <summary>Counts an outage of <paramref name="operation"/> as failed closed and returns the exception to throw.</summary>
    SessionStoreUnavailableException FailClosed(SessionOperation operation, SessionStoreUnavailableException exception);
}

/// <summary>
/// A hold on the session that a module keeps for one request (the lock): a regeneration copies it to the new id
/// (move.lua with <see cref="Token"/>) and says so (<see cref="MovedTo"/>); the core releases it at the end.
/// </summary>
internal interface ISessionHold
{
    /// <summary>The owner token the regeneration copies the hold with.</summary>
    string Token { get; }

    void MovedTo(SessionHandle moved);

    /// <summary>Releases the hold on every id it was copied to; never throws (the hold time releases what this misses).</summary>
    Task ReleaseAsync();
}

/// <summary>Endpoint metadata of a module (the lock's): an endpoint that carries it fails while that module is not added.</summary>
internal interface ISessionModuleMetadata
{
    SessionModule Module { get; }
}
