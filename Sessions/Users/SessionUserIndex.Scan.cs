namespace SessionSample.Sessions.Users;

/// <summary>
/// A user's index, looked at: the index read (one call), every listed session peeked at (one single-slot script
/// each, sent together) and sorted into live and dead; dead entries are pruned, an expiry raised by whoever
/// removed its entry.
/// </summary>
internal sealed partial class SessionUserIndex
{
    /// <summary>What a user's index lists, looked at: live entries (least recently used first) and dead ones.</summary>
    internal async Task<IndexScan> ScanAsync(string userHandle, string userName)
    {
        var entries = await index.ReadAsync(userHandle);
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

        var peeks = await Task.WhenAll(listed.Select(index.PeekAsync));
        var live = new List<PeekResult>();
        var expired = new List<string>();
        var dead = new List<string>(invalid);
        var moved = new List<SessionHandle>();
        foreach (var peek in peeks)
        {
            switch (peek.State)
            {
                case ScriptResult.Ok when SameUser(peek.User, userName):
                    live.Add(peek);
                    break;
                case ScriptResult.Moved:
                    // Its mover moves the entry to the new id; pruning it would make the mover think it was ended,
                    // which only an ender may do (it raises the event).
                    moved.Add(peek.Session);
                    break;
                case ScriptResult.Missing:
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
        var removed = await index.RemoveAsync(userHandle, [.. scan.Dead, .. scan.Expired]);
        RaiseExpired(userName, scan, removed);
    }

    internal void RaiseExpired(string userName, IndexScan scan, IReadOnlyList<string> removed)
    {
        foreach (var handle in removed.Intersect(scan.Expired, StringComparer.Ordinal))
        {
            store.Events.Ended(SessionIds.FromHandle(handle)!.Value, userName, SessionEndReason.Expired);
        }
    }
}
