namespace SessionSample.Sessions.Users;

/// <summary>The user's sessions (<see cref="ISessionUsers"/>): listed, ended one by one or all at once.</summary>
internal sealed partial class SessionSignIn
{
    private const int MaxEndRounds = 10;

    public async Task<IReadOnlyList<UserSession>> ListAsync(string userName, CancellationToken cancellationToken = default)
    {
        var userHandle = UserHandleOf(userName, cancellationToken);
        var scan = await ScanAsync(userHandle, userName);
        await PruneAsync(userHandle, userName, scan);
        return [.. scan.Live
            .OrderByDescending(peek => peek.SignedInAt)
            .ThenBy(peek => peek.Session.Id, StringComparer.Ordinal)
            .Select(peek => new UserSession(peek.Session.Id, peek.CreatedAt, peek.LastSeenAt, peek.ExpiresAt!.Value, peek.SignedInAt, peek.Device))];
    }

    public async Task<bool> EndAsync(string userName, string handle, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        var userHandle = UserHandleOf(userName, cancellationToken);
        if (SessionIds.FromHandle(handle) is not { } session)
        {
            return false;
        }

        // The session's own binding says whose it is: another user's handle looks exactly like an unknown one. A moved
        // session's binding went with it: it is this user's if this user's index still lists it, and taking the entry
        // ends it (its mover's index step then ends the new id).
        var peek = await Index.PeekAsync(session);
        var live = peek.State == ScriptResult.Ok && peek.User?.Is(userName) == true;
        if (!live && peek.State != ScriptResult.Moved)
        {
            return false;
        }

        var (ended, _) = await EndListedAsync(userHandle, userName, live ? [session] : [], live ? [] : [session], reason);
        return ended == 1;
    }

    public async Task<int> EndAllAsync(string userName, string? exceptHandle, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        var userHandle = UserHandleOf(userName, cancellationToken);
        var ended = 0;

        // Another round is needed only when an entry moved to a new id before it could be taken out; each round is then
        // started by a move that completed under it, so a handful is plenty.
        for (var round = 0; round < MaxEndRounds; round++)
        {
            var scan = await ScanAsync(userHandle, userName);
            var (endedNow, movedAway) = await EndListedAsync(
                userHandle,
                userName,
                [.. scan.Live.Select(peek => peek.Session).Where(session => session.Id != exceptHandle)],
                [.. scan.Moved.Where(session => session.Id != exceptHandle)],
                reason);
            ended += endedNow;
            await PruneAsync(userHandle, userName, scan);
            if (!movedAway)
            {
                return ended;
            }
        }

        throw new InvalidOperationException(
            $"The sessions kept moving to new ids while they were being ended ({MaxEndRounds} rounds); some may still be signed in. Repeat the request.");
    }

    /// <summary>
    /// Ends a session whose entry the caller took out of the index (the cap's eviction), even mid-move; raises the event.
    /// One that had moved already is ended all the same: its mover's index step finds the entry gone and ends the new id.
    /// </summary>
    internal async Task<bool> EndOneAsync(SessionHandle session, string userName, SessionEndReason reason) =>
        Ended(session, await store.EndAsync(session, force: true), taken: true, userName, reason);

    /// <summary>
    /// Ends the <paramref name="live"/> sessions (with force: one in the middle of a move too) and takes their entries,
    /// and those of the <paramref name="moved"/> ones, out of the Index. An entry taken out of a move that has finished
    /// makes its mover end the new id. Returns how many ended here, and whether one moved away before its entry was taken.
    /// </summary>
    private async Task<(int Ended, bool MovedAway)> EndListedAsync(
        string userHandle, string userName, IReadOnlyList<SessionHandle> live, IReadOnlyList<SessionHandle> moved, SessionEndReason reason)
    {
        var ends = await Task.WhenAll(live.Select(session => store.EndAsync(session, force: true)));
        var removed = (await Index.RemoveAsync(userHandle, [.. live.Concat(moved).Select(session => session.Id)])).ToHashSet(StringComparer.Ordinal);
        var ended = 0;
        var movedAway = false;
        for (var i = 0; i < live.Count; i++)
        {
            var taken = removed.Contains(live[i].Id);
            ended += Ended(live[i], ends[i], taken, userName, reason) ? 1 : 0;
            movedAway |= ends[i].Result == ScriptResult.Moved && !taken;
        }

        foreach (var session in moved)
        {
            var taken = removed.Contains(session.Id);
            ended += MovedEnded(session, taken, userName, reason) ? 1 : 0;
            movedAway |= !taken;
        }

        return (ended, movedAway);
    }

    /// <summary>
    /// What a forced end and the removal of the entry did together; raises the event once, for whoever ended it:
    /// this end, or, for a session that had moved, whoever took its entry (<paramref name="taken"/>).
    /// </summary>
    private bool Ended(SessionHandle session, EndResult ended, bool taken, string userName, SessionEndReason reason)
    {
        switch (ended)
        {
            case { Result: ScriptResult.Ok }:
                store.Events.Ended(session, SessionBinding.ReadUser(store.Values, ended.User)?.Name, reason);
                return true;
            case { Result: ScriptResult.Moved }:
                return MovedEnded(session, taken, userName, reason);
            case { Result: ScriptResult.Missing } when taken:
                // It expired just now, and this removal took its entry: the expiry is this caller's to raise.
                store.Events.Ended(session, userName, SessionEndReason.Expired);
                return false;
            default:
                // Ended already, by whoever raised its event; or not listed (someone else took it).
                return false;
        }
    }

    private bool MovedEnded(SessionHandle session, bool taken, string userName, SessionEndReason reason)
    {
        if (taken)
        {
            store.Events.Ended(session, userName, reason);
        }

        return taken;
    }

    private static string UserHandleOf(string userName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        return SessionSchema.UserHandleOf(userName);
    }
}
