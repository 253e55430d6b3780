namespace SessionSample.Sessions;

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
        var peek = await store.PeekAsync(session);
        if (peek.State != PeekState.Live || !SameUser(peek.UserName, userName))
        {
            return false;
        }

        var ended = await EndOneAsync(session, reason);
        await store.RemoveFromIndexAsync(SessionSchema.UserHandleOf(userName), [session.Id]);
        return ended;
    }

    public async Task<int> EndAllAsync(string userName, string? exceptHandle, SessionEndReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        cancellationToken.ThrowIfCancellationRequested();
        var userHandle = SessionSchema.UserHandleOf(userName);
        var ended = 0;

        // A session listed under its old id while it moves is listed under its new one once the move is done
        // (the mover moves the entry, or ends the new id when the entry is gone): a few rounds catch those.
        for (var round = 0; round < MaxEndRounds; round++)
        {
            var scan = await ScanAsync(userHandle, userName);
            var targets = scan.Live.Where(peek => peek.Session.Id != exceptHandle).Select(peek => peek.Session).ToList();
            var results = await Task.WhenAll(targets.Select(session => EndOneAsync(session, reason)));
            ended += results.Count(result => result);
            await store.RemoveFromIndexAsync(userHandle, [.. targets.Select(session => session.Id)]);
            await PruneAsync(userHandle, userName, scan);
            if (!scan.AnyMoving)
            {
                break;
            }
        }

        return ended;
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
        var moving = false;
        foreach (var peek in peeks)
        {
            switch (peek.State)
            {
                case PeekState.Live when SameUser(peek.UserName, userName):
                    live.Add(peek);
                    break;
                case PeekState.Moved:
                    // Its mover moves the entry to the new id; pruning it first would make the mover think it was ended.
                    moving = true;
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
        return new IndexScan(live, dead, expired, moving);
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

    /// <summary>Ends a session from elsewhere (revoked, capped, signed out everywhere), even mid-move; raises the event.</summary>
    internal async Task<bool> EndOneAsync(SessionHandle session, SessionEndReason reason)
    {
        var ended = await store.EndAsync(session, force: true);
        if (ended.Result != ScriptResult.Ok)
        {
            return false;
        }

        store.Events.Ended(session, ended.UserName, reason);
        return true;
    }

    internal static bool SameUser(string? bound, string userName) =>
        bound is not null && string.Equals(bound, userName, StringComparison.OrdinalIgnoreCase);

    private const int MaxEndRounds = 3;
}

/// <param name="Live">Live sessions of the user, least recently used first (the expiry is the last use plus the idle timeout).</param>
/// <param name="Dead">Entries to drop without an event: ended, re-bound, or not a handle.</param>
/// <param name="Expired">Entries whose session is gone without a tombstone: it expired.</param>
/// <param name="AnyMoving">An entry's session is moving to a new id; its entry follows.</param>
internal sealed record IndexScan(IReadOnlyList<PeekResult> Live, IReadOnlyList<string> Dead, IReadOnlyList<string> Expired, bool AnyMoving);
