namespace SessionSample.Sessions.Users;

/// <summary>
/// An operator's figures: a scan of every session key on every primary, peeked in batches. Users are counted by
/// their handle, so a user whose name is sealed (values encrypted, and this store without the key ring, as the
/// AppHost's dashboard is) still counts once, named by a short form of the handle.
/// </summary>
internal sealed partial class SessionUserIndex
{
    private const int PeekBatch = 256;

    public async Task<SessionStatistics> GetStatisticsAsync(int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        long live = 0, signedIn = 0;
        var perUser = new Dictionary<string, (string Name, int Sessions)>(StringComparer.Ordinal);
        var largest = new PriorityQueue<SessionSize, long>();
        var batch = new List<SessionHandle>(PeekBatch);

        async Task FlushAsync()
        {
            foreach (var peek in await Task.WhenAll(batch.Select(index.PeekAsync)))
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

                // A min-heap of the top ones: the smallest leaves first when it overflows.
                largest.Enqueue(new SessionSize(peek.Session.LogHash, peek.User?.DisplayName, peek.Bytes), peek.Bytes);
                if (largest.Count > top)
                {
                    largest.Dequeue();
                }
            }

            batch.Clear();
        }

        await foreach (var session in index.ScanSessionsAsync().WithCancellation(cancellationToken))
        {
            batch.Add(session);
            if (batch.Count == PeekBatch)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        var sizes = new List<SessionSize>(largest.Count);
        while (largest.TryDequeue(out var size, out _))
        {
            sizes.Add(size);
        }

        sizes.Reverse();
        return new SessionStatistics(
            live,
            signedIn,
            perUser.Count,
            [.. perUser.Values.OrderByDescending(user => user.Sessions).ThenBy(user => user.Name, StringComparer.Ordinal).Take(top).Select(user => new UserSessionCount(user.Name, user.Sessions))],
            sizes);
    }
}
