namespace SessionSample.Sessions.Users;

/// <summary>
/// The per-user index, read and pruned. A user's index is one hash on its own slot, so no script sees the
/// sessions it lists: a scan reads the index (one call), peeks at every listed session (one single-slot script
/// each, sent together) and sorts them into live and dead. Dead entries are removed by the next write to the
/// index (a sign-in's add, or the list's own removal), so they never accumulate past the cap plus one.
/// </summary>
internal sealed partial class SessionUserIndex(SessionStore store) : ISessionUsers
{
    public async Task<IReadOnlyList<UserSession>> ListAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        var userHandle = SessionSchema.UserHandleOf(userName);
        var scan = await ScanAsync(userHandle, userName);
        await PruneAsync(userHandle, userName, scan);
        return [.. scan.Live
            .OrderByDescending(peek => peek.SignedInAt)
            .ThenBy(peek => peek.Session.Id, StringComparer.Ordinal)
            .Select(peek => new UserSession(peek.Session.Id, peek.CreatedAt, peek.LastSeenAt, peek.ExpiresAt!.Value, peek.SignedInAt, peek.Device))];
    }

    public async Task<bool> EndAsync(string userName, string handle, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        if (SessionIds.FromHandle(handle) is not { } session)
        {
            return false;
        }

        // The session's own binding says whose it is: another user's handle looks exactly like an unknown one.
        var userHandle = SessionSchema.UserHandleOf(userName);
        var peek = await store.PeekAsync(session);
        if (peek.State == PeekState.Live && SameUser(peek.User, userName))
        {
            var ended = await store.EndAsync(session, force: true);
            var removed = await store.RemoveFromIndexAsync(userHandle, [session.Id]);
            return Ended(session, ended, removed.Count == 1, userName, reason);
        }

        // A moved session's binding went with it: it is this user's if this user's index still lists it, and taking
        // the entry ends it (its mover's index step then ends the new id).
        return peek.State == PeekState.Moved
            && MovedEnded(session, (await store.RemoveFromIndexAsync(userHandle, [session.Id])).Count == 1, userName, reason);
    }

    public async Task<int> EndAllAsync(string userName, string? exceptHandle, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        var userHandle = SessionSchema.UserHandleOf(userName);
        var ended = 0;

        // Every listed session is ended (with force: one in the middle of a move too) and every entry, moved ones
        // included, taken out. An entry taken out of a move that has finished makes its mover end the new id. Another
        // round is needed only when an entry moved to a new id before it could be taken out; each round is then
        // started by a move that completed under it, so a handful is plenty.
        for (var round = 0; round < MaxEndRounds; round++)
        {
            var scan = await ScanAsync(userHandle, userName);
            var live = scan.Live.Select(peek => peek.Session).Where(session => session.Id != exceptHandle).ToList();
            var moved = scan.Moved.Where(session => session.Id != exceptHandle).ToList();
            var ends = await Task.WhenAll(live.Select(session => store.EndAsync(session, force: true)));
            var removed = (await store.RemoveFromIndexAsync(userHandle, [.. live.Concat(moved).Select(session => session.Id)]))
                .ToHashSet(StringComparer.Ordinal);
            var movedAway = false;
            for (var i = 0; i < live.Count; i++)
            {
                var taken = removed.Contains(live[i].Id);
                ended += Ended(live[i], ends[i], taken, userName, reason) ? 1 : 0;
                movedAway |= ends[i] is { Result: ScriptResult.Gone, Moved: true } && !taken;
            }

            foreach (var session in moved)
            {
                var taken = removed.Contains(session.Id);
                ended += MovedEnded(session, taken, userName, reason) ? 1 : 0;
                movedAway |= !taken;
            }

            await PruneAsync(userHandle, userName, scan);
            if (!movedAway)
            {
                return ended;
            }
        }

        throw new InvalidOperationException(
            $"The sessions kept moving to new ids while they were being ended ({MaxEndRounds} rounds); some may still be signed in. Repeat the request.");
    }

    /// <summary>What a user's index lists, looked at: live entries (least recently used first) and dead ones.</summary>
    internal async Task<IndexScan> ScanAsync(string userHandle, string userName)
    {
        var entries = await store.ReadIndexAsync(userHandle);
        var invalid = new List<string>();
        var listed = new List<SessionHandle>(entries.Count);
        foreach (var entry in entries)
        {
            if (SessionIds.FromHandle(entry.Handle) is { } handle)
            {
                listed.Add(handle);
            }
            else
            {
                invalid.Add(entry.Handle);
            }
        }

        var peeks = await Task.WhenAll(listed.Select(store.PeekAsync));
        var live = new List<PeekResult>();
        var expired = new List<string>();
        var dead = new List<string>(invalid);
        var moved = new List<SessionHandle>();
        foreach (var peek in peeks)
        {
            switch (peek.State)
            {
                case PeekState.Live when SameUser(peek.User, userName):
                    live.Add(peek);
                    break;
                case PeekState.Moved:
                    // Its mover moves the entry to the new id; pruning it would make the mover think it was ended,
                    // which only an ender may do (it raises the event).
                    moved.Add(peek.Session);
                    break;
                case PeekState.Missing:
                    expired.Add(peek.Session.Id);
                    break;
                default:
                    // Ended (its ender raised the event), or signed in as someone else since.
                    dead.Add(peek.Session.Id);
                    break;
            }
        }

        live.Sort((a, b) => Nullable.Compare(a.ExpiresAt, b.ExpiresAt));
        return new IndexScan(live, dead, expired, moved);
    }

    /// <summary>Removes the dead entries a scan found; an expiry is raised once, by whoever removed its entry.</summary>
    internal async Task PruneAsync(string userHandle, string userName, IndexScan scan)
    {
        var removed = await store.RemoveFromIndexAsync(userHandle, [.. scan.Dead, .. scan.Expired]);
        RaiseExpired(userName, scan, removed);
    }

    internal void RaiseExpired(string userName, IndexScan scan, IReadOnlyList<string> removed)
    {
        foreach (var handle in removed.Intersect(scan.Expired, StringComparer.Ordinal))
        {
            store.Events.Ended(SessionIds.FromHandle(handle)!.Value, userName, SessionEndReason.Expired);
        }
    }

    /// <summary>
    /// Ends a session whose entry the caller took out of the index (the cap's eviction), even mid-move; raises the event.
    /// One that had moved already is ended all the same: its mover's index step finds the entry gone and ends the new id.
    /// </summary>
    internal async Task<bool> EndOneAsync(SessionHandle session, string userName, SessionEndReason reason) =>
        Ended(session, await store.EndAsync(session, force: true), taken: true, userName, reason);

    /// <summary>
    /// What a forced end and the removal of the entry did together; raises the event once, for whoever ended it:
    /// this end, or, for a session that had moved, whoever took its entry (<paramref name="taken"/>).
    /// </summary>
    private bool Ended(SessionHandle session, EndResult ended, bool taken, string userName, SessionEndReason reason)
    {
        switch (ended)
        {
            case { Result: ScriptResult.Ok }:
                store.Events.Ended(session, ended.UserName, reason);
                return true;
            case { Result: ScriptResult.Gone, Moved: true }:
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

    // By handle, which is the upper-cased name's: it reads without the key ring when the name is sealed.
    internal static bool SameUser(BoundUser? bound, string userName) =>
        bound is { } user && string.Equals(user.Handle, SessionSchema.UserHandleOf(userName), StringComparison.Ordinal);

    private const int MaxEndRounds = 10;
}

/// <param name="Live">Live sessions of the user, least recently used first (the expiry is the last use plus the idle timeout).</param>
/// <param name="Dead">Entries to drop without an event: ended, re-bound, or not a handle.</param>
/// <param name="Expired">Entries whose session is gone without a tombstone: it expired.</param>
/// <param name="Moved">Entries whose session moved to a new id (a tombstone says so) and whose mover has not moved the entry yet.</param>
internal sealed record IndexScan(IReadOnlyList<PeekResult> Live, IReadOnlyList<string> Dead, IReadOnlyList<string> Expired, IReadOnlyList<SessionHandle> Moved);
