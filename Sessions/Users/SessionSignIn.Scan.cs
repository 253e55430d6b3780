namespace SessionSample.Sessions.Users;

/// <summary>
/// Sessions looked at. A user's index is one hash on its own slot, so no script sees the sessions it lists: a scan
/// reads the index (one call), peeks at every listed session (one single-slot script each, sent together) and sorts
/// them into live and dead. Dead entries are removed by the next write to the index (a sign-in's add, or the list's
/// own removal), so they never accumulate past the cap plus one. Or every session in the store, for an operator's figures.
/// </summary>
internal sealed partial class SessionSignIn
{
    /// <summary>What a user's index lists, looked at: live entries (least recently used first) and dead ones.</summary>
    internal async Task<IndexScan> ScanAsync(string userHandle, string userName)
    {
        var listed = (await Index.ListedAsync(userHandle)).Select(text => (Text: text, Handle: SessionIds.FromHandle(text))).ToList();
        var peeks = await Task.WhenAll(listed.Where(entry => entry.Handle is not null).Select(entry => Index.PeekAsync(entry.Handle!.Value)));

        // A moved session's mover moves its entry to the new id; pruning it would make the mover think it was ended,
        // which only an ender may do (it raises the event). Gone: ended (its ender raised the event), or signed in as
        // someone else since.
        var found = peeks.ToLookup(peek => peek.State switch
        {
            ScriptResult.Ok when peek.User?.Is(userName) == true => ScriptResult.Ok,
            ScriptResult.Moved or ScriptResult.Missing => peek.State,
            _ => ScriptResult.Gone,
        });
        return new IndexScan(
            [.. found[ScriptResult.Ok].OrderBy(peek => peek.ExpiresAt)],
            [.. listed.Where(entry => entry.Handle is null).Select(entry => entry.Text), .. found[ScriptResult.Gone].Select(peek => peek.Session.Id)],
            [.. found[ScriptResult.Missing].Select(peek => peek.Session.Id)],
            [.. found[ScriptResult.Moved].Select(peek => peek.Session)]);
    }

    /// <summary>Removes the dead entries a scan found; an expiry is raised once, by whoever removed its entry.</summary>
    internal async Task PruneAsync(string userHandle, string userName, IndexScan scan) =>
        RaiseExpired(userName, scan, await Index.RemoveAsync(userHandle, [.. scan.Dead, .. scan.Expired]));

    internal void RaiseExpired(string userName, IndexScan scan, IReadOnlyList<string> removed)
    {
        foreach (var handle in removed.Intersect(scan.Expired, StringComparer.Ordinal))
        {
            store.Events.Ended(SessionIds.FromHandle(handle)!.Value, userName, SessionEndReason.Expired);
        }
    }

    /// <summary>
    /// Users are counted by their handle, so a user whose name is sealed (values encrypted, and this store without the
    /// key ring, as the AppHost's dashboard is) still counts once, named by a short form of the handle.
    /// </summary>
    public async Task<SessionStatistics> GetStatisticsAsync(int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        long live = 0, signedIn = 0;
        var perUser = new Dictionary<string, (string Name, int Sessions)>(StringComparer.Ordinal);

        // A min-heap of the largest: the smallest leaves first when it overflows.
        var largest = new PriorityQueue<SessionSize, long>();
        await foreach (var peek in Index.PeekAllAsync(cancellationToken))
        {
            if (peek.State != ScriptResult.Ok)
            {
                continue;
            }

            live++;
            if (peek.User is { } user)
            {
                signedIn++;
                perUser[user.Handle] = (user.DisplayName, perUser.GetValueOrDefault(user.Handle).Sessions + 1);
            }

            largest.Enqueue(new SessionSize(peek.Session.LogHash, peek.User?.DisplayName, peek.Bytes), peek.Bytes);
            if (largest.Count > top)
            {
                largest.Dequeue();
            }
        }

        return new SessionStatistics(
            live,
            signedIn,
            perUser.Count,
            [.. perUser.Values.OrderByDescending(user => user.Sessions).ThenBy(user => user.Name, StringComparer.Ordinal).Take(top).Select(user => new UserSessionCount(user.Name, user.Sessions))],
            [.. largest.UnorderedItems.Select(item => item.Element).OrderByDescending(size => size.Bytes)]);
    }
}
