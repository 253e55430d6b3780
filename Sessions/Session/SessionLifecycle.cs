namespace SessionSample.Sessions;

/// <summary>What this request knows about its session's data. See docs/session-lifecycle.md for the diagram.</summary>
internal enum SessionState
{
    /// <summary>The request's cookie has not been read yet: nothing touched the session so far.</summary>
    Unresolved,

    /// <summary>The cookie named an id; nothing has been read yet (a blind write keeps it here).</summary>
    Unloaded,

    /// <summary>Nothing is stored under the current id: a fresh id, created in Redis by the first write that sets a value.</summary>
    New,

    /// <summary>The session exists in Redis and this request holds its data (read, or written as a new session).</summary>
    Loaded,

    /// <summary>Another request ended (sign-out) or moved (sign-in) the session: it reads empty and refuses writes.</summary>
    Gone,

    /// <summary>Fail-open: the store failed under a synchronous access; the session reads empty and is never saved.</summary>
    Degraded,
}

/// <summary>Where the request is relative to its response, which decides what a change may still do.</summary>
internal enum SessionPhase
{
    /// <summary>Before the response starts: anything goes, and the commit at response start writes it.</summary>
    Open,

    /// <summary>Committed at response start; a later change is saved at the end of the request if it needs no new cookie.</summary>
    Started,

    /// <summary>The end-of-request commit ran: nothing can change any more.</summary>
    Completed,

    /// <summary>The request failed: pending changes were discarded; later changes are discarded too.</summary>
    Abandoned,
}

/// <summary>What the lifecycle allows a change to do now.</summary>
internal enum ChangePermission
{
    Allowed,

    /// <summary>The request failed: the change is dropped (logged), as every other pending change was.</summary>
    Discarded,

    /// <summary>The change would create a session, whose cookie can no longer be sent.</summary>
    TooLateForCookie,

    /// <summary>The session was committed for the last time.</summary>
    Completed,

    /// <summary>The session was ended or moved by another request.</summary>
    Gone,

    /// <summary>Fail-open degraded the session for this request: it is not available.</summary>
    Unavailable,
}

/// <summary>
/// The one place that knows which state and phase a request's session is in and which moves are legal.
/// Pure: <see cref="RedisSession"/> asks it before acting and reports what Redis answered.
/// </summary>
internal sealed class SessionLifecycle
{
    public SessionState State { get; private set; } = SessionState.Unresolved;

    public SessionPhase Phase { get; private set; } = SessionPhase.Open;

    /// <summary>The cookie was read: it named a session id, or there was no valid cookie (a new session).</summary>
    public void Resolved(bool hasId) => Move(hasId ? SessionState.Unloaded : SessionState.New, SessionState.Unresolved);

    /// <summary>A load found the session.</summary>
    public void Loaded() => Move(SessionState.Loaded, SessionState.Unloaded);

    /// <summary>Redis has nothing under the id (expired, never stored): continue with a fresh id.</summary>
    public void NotFound() => Move(SessionState.New, SessionState.Unloaded, SessionState.Loaded);

    /// <summary>Redis holds a tombstone: another request ended or moved the session.</summary>
    public void FoundGone() => Move(SessionState.Gone, SessionState.Unloaded, SessionState.Loaded);

    /// <summary>A write created the session under a fresh id.</summary>
    public void Created() => Move(SessionState.Loaded, SessionState.New);

    /// <summary>This request ended the session; the rest of it sees a new, empty one.</summary>
    public void Ended() => Move(SessionState.New, SessionState.Unloaded, SessionState.Loaded, SessionState.New, SessionState.Gone);

    /// <summary>Fail-open: a synchronous access met an outage (reading the cookie's key ring, or loading).</summary>
    public void Degrade() => Move(SessionState.Degraded, SessionState.Unresolved, SessionState.Unloaded);

    public void ResponseStarting()
    {
        if (Phase == SessionPhase.Open)
        {
            Phase = SessionPhase.Started;
        }
    }

    public void Complete()
    {
        if (Phase != SessionPhase.Abandoned)
        {
            Phase = SessionPhase.Completed;
        }
    }

    public void Abandon()
    {
        if (Phase != SessionPhase.Completed)
        {
            Phase = SessionPhase.Abandoned;
        }
    }

    /// <summary>May this request change the session now (buffered or written through)?</summary>
    public ChangePermission CanChange() => (Phase, State) switch
    {
        (SessionPhase.Completed, _) => ChangePermission.Completed,
        (SessionPhase.Abandoned, _) => ChangePermission.Discarded,
        (_, SessionState.Gone) => ChangePermission.Gone,
        (_, SessionState.Degraded) => ChangePermission.Unavailable,
        (SessionPhase.Started, SessionState.New) => ChangePermission.TooLateForCookie,
        _ => ChangePermission.Allowed,
    };

    /// <summary>Whether a write must create the session (no stored session under the current id).</summary>
    public bool MustCreate => State == SessionState.New;

    /// <summary>Whether reads must first load the session.</summary>
    public bool NeedsLoad => State == SessionState.Unloaded;

    /// <summary>Whether the session's data lives in Redis as far as this request knows (reads and writes go there).</summary>
    public bool IsStored => State is SessionState.Unloaded or SessionState.Loaded;

    private void Move(SessionState to, params ReadOnlySpan<SessionState> from)
    {
        if (!from.Contains(State))
        {
            throw new InvalidOperationException($"A session cannot move from {State} to {to}.");
        }

        State = to;
    }
}
