using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Who a session is bound to, as the core needs it: the user for the lifecycle events, the handle for the user's
/// activity, the sign-in id for the sign-in cookie's claim. The sign-in binding module's own type implements it.
/// </summary>
internal interface ISessionOwner
{
    string UserName { get; }

    string UserHandle { get; }

    string SignInId { get; }
}

/// <summary>
/// The sign-in binding module's seam into the core (registered only by <c>AddSignInBinding()</c>): the core hands it
/// a session's stored fields to read the binding from, tells it when a bound session moved or ended, and hands it
/// the sign-in itself, which drives the session through <see cref="ISignInTarget"/>. The module owns the binding's
/// fields, the user's index and their scripts; the core owns regeneration.
/// </summary>
internal interface ISessionBinder
{
    /// <summary>The binding among a session's fields (name/value pairs as a script returns them); null when anonymous.</summary>
    ISessionOwner? Read(RedisResult[] fields);

    /// <summary>The user an ended session's stored user field names (<see cref="EndResult.User"/>); null when anonymous.</summary>
    string? UserNameOf(RedisValue stored);

    /// <summary>A bound session moved: its index entry follows. False when the entry was gone (ended from elsewhere meanwhile).</summary>
    Task<bool> FollowMoveAsync(ISessionOwner owner, SessionHandle from, SessionHandle to);

    /// <summary>Takes an ended session out of its user's index; true when this call took the entry out. Throws on an outage.</summary>
    Task<bool> RemoveAsync(string userName, SessionHandle session);

    /// <summary>As <see cref="RemoveAsync"/>, best effort: false when Redis cannot be reached (pruning drops an ended entry anyway).</summary>
    Task<bool> LeaveAsync(string userName, SessionHandle session);

    /// <summary>The user was active: the user's index must outlive the session (called off the request path).</summary>
    Task TouchAsync(string userHandle);

    Task SignInAsync(ISignInTarget session, string userName, string? userAgent);
}

/// <summary>What a sign-in needs of the session it binds: its id, the outage rule, and a regeneration that writes the binding.</summary>
internal interface ISignInTarget
{
    SessionHandle Handle { get; }

    /// <summary>Throws unless the id may change now (the response has not started, the session is not ended).</summary>
    void EnsureCanSignIn();

    /// <summary>Counts a sign-in's outage (a sign-in always fails closed) and returns the exception to throw.</summary>
    SessionStoreUnavailableException FailClosed(SessionStoreUnavailableException exception);

    /// <summary>
    /// Moves the session to a new id whose copy also gets <paramref name="fields"/> (written after the copied ones), or,
    /// when nothing is stored yet, creates it through <paramref name="create"/>; returns the owner it had before.
    /// </summary>
    Task<ISessionOwner?> RegenerateBoundAsync(ISessionOwner owner, IReadOnlyList<RedisValue> fields, Func<SessionHandle, Task<WriteResult>> create);

    /// <summary>The index took the sign-in: the session is now <paramref name="owner"/>'s.</summary>
    void Bound(ISessionOwner owner);
}
