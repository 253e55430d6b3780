using StackExchange.Redis;

namespace SessionSample.Sessions;

/// <summary>
/// Id changes: regeneration (against fixation; a sign-in's is <see cref="SessionSignInTarget"/>'s) and invalidation at
/// sign-out, with the user's index entry following a bound session (<see cref="ISessionBinder"/>). Both fail closed.
/// </summary>
internal sealed class SessionIdentity(RedisSession session)
{
    private SessionStore Store => session.Store;

    public async Task RegenerateIdAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        session.Guard.EnsureCanChangeId(SessionOperation.Regenerate);
        await session.Writing.WaitAsync();
        try
        {
            if (!session.Lifecycle.IsStored)
            {
                // Nothing is stored under the current id: a fresh one is enough.
                session.UseId(SessionIds.NewId());
                return;
            }

            await NewIdRetry.RunAsync<bool>(async () =>
            {
                var (result, from, previous) = await TryMoveAsync(SessionOperation.Regenerate, fields: null, bound: null);
                if (result == ScriptResult.Ok)
                {
                    session.Binding = previous;
                    await MoveIndexEntryAsync(from);
                }

                // Expired before this request moved it: it continues as a new session.
                return (result is ScriptResult.Ok or ScriptResult.Missing, true);
            });
        }
        finally
        {
            session.Writing.Release();
        }
    }

    /// <summary>
    /// One attempt to move the stored session to a new id whose copy also gets <paramref name="fields"/> (a binding's):
    /// its answer, where it moved from and the owner the session had. Expired meanwhile: it continues as a new session;
    /// ended or moved by another request: refused. Keeping a possibly planted id is not acceptable, whatever the outage policy says.
    /// </summary>
    /// <param name="bound">The owner a sign-in binds, whom the regeneration event names; null: the owner the session had.</param>
    public async Task<(ScriptResult Result, SessionHandle From, ISessionOwner? Previous)> TryMoveAsync(SessionOperation operation, IReadOnlyList<RedisValue>? fields, ISessionOwner? bound)
    {
        var from = session.Handle;
        var newId = SessionIds.NewId();
        var newHandle = SessionIds.HandleOf(newId);
        MoveResult move;
        try
        {
            move = await Store.Move.RegenerateAsync(from, newHandle, session.Hold?.Token, fields);
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw session.Failures.FailClosed(operation, exception);
        }

        var previous = session.OwnerOf(move.Previous);
        switch (move.Write.Result)
        {
            case ScriptResult.Ok:
                session.Hold?.MovedTo(newHandle);
                session.UseId(newId);
                session.ExpiresAt = move.Write.ExpiresAt;
                session.Cookie.Issue(newId);
                session.Activity.Touched(newHandle);
                Store.Events.Regenerated(from, newHandle, (bound ?? previous)?.UserName);
                break;
            case ScriptResult.Missing:
                session.StartNew();
                break;
            case ScriptResult.Gone or ScriptResult.Moved:
                session.Lifecycle.FoundGone();
                throw session.Failures.Refused(operation);
        }

        return (move.Write.Result, from, previous);
    }

    public async Task InvalidateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        session.Guard.EnsureCanChangeId(SessionOperation.Invalidate, allowGone: true);
        await session.Writing.WaitAsync();
        try
        {
            // A session another request is moving is still this one's to end: a move is not an ending.
            if (session.Lifecycle.IsStored || session.FoundMoved)
            {
                await EndForSignOutAsync();
            }

            session.PendingChanges?.Reset();
            session.Lifecycle.Ended();
            session.Forget();
            session.Cookie.Delete();
        }
        finally
        {
            session.Writing.Release();
        }
    }

    /// <summary>
    /// Ends the session with force: one in the middle of another request's move is ended too, and its mover then finds
    /// the move given up and discards its copy. A sign-out that lets a concurrent regeneration carry the sign-in away
    /// is worse than an error page, so when the move has finished it either ends the new id through the index or fails.
    /// </summary>
    private async Task EndForSignOutAsync()
    {
        EndResult ended;
        try
        {
            ended = await Store.EndAsync(session.Handle, force: true);
            if (ended.Result == ScriptResult.Moved)
            {
                await EndMovedAsync();
                return;
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            // A sign-out that silently keeps the session alive is worse than an error page.
            throw session.Failures.FailClosed(SessionOperation.Invalidate, exception);
        }

        if (ended.Result != ScriptResult.Ok)
        {
            return;
        }

        var userName = session.Binder?.UserNameOf(ended.User);
        Store.Events.Ended(session.Handle, userName, SessionEndReason.SignedOut);
        if (userName is not null)
        {
            // The ended session leaves its user's index, best effort: pruning drops an ended entry anyway.
            await session.Binder!.LeaveAsync(userName, session.Handle);
        }
    }

    /// <summary>
    /// The session moved to a new id this request cannot name. Taking its old entry out of the index makes the mover's
    /// index step end the new id (<see cref="ISessionBinder.FollowMoveAsync"/>); when the entry has moved already (or
    /// this request never knew whose the session was), the sign-in lives on, and the sign-out must fail, not answer done.
    /// </summary>
    private async Task EndMovedAsync()
    {
        if (session.Binding is { } binding && session.Binder is { } binder && await binder.RemoveAsync(binding.UserName, session.Handle))
        {
            Store.Events.Ended(session.Handle, binding.UserName, SessionEndReason.SignedOut);
            return;
        }

        throw session.Failures.Refused(SessionOperation.Invalidate);
    }

    /// <summary>
    /// A bound session moved: its entry moves too. An entry already gone means the session was ended from elsewhere
    /// while it moved: the store ends the new id too, so no sign-in escapes that way.
    /// </summary>
    private async Task MoveIndexEntryAsync(SessionHandle from)
    {
        if (session.Binding is not { } binding || session.Binder is not { } binder)
        {
            return;
        }

        try
        {
            if (await binder.FollowMoveAsync(binding, from, session.Handle))
            {
                return;
            }
        }
        catch (SessionStoreUnavailableException exception)
        {
            throw session.Failures.FailClosed(SessionOperation.Regenerate, exception);
        }

        session.Binding = null;
        session.Lifecycle.FoundGone();
        throw session.Failures.Refused(SessionOperation.Regenerate);
    }
}
