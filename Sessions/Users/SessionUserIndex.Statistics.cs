namespace SessionSample.Sessions;

/// <summary>An operator's figures: a scan of every session key on every primary, peeked in batches.</summary>
internal sealed partial class SessionUserIndex
{
    private const int PeekBatch = 256;

    public async Task<SessionStatistics> GetStatisticsAsync(int top = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        long live = 0, signedIn = 0;
        var perUser = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var largest = new PriorityQueue<SessionSize, long>();
        var batch = new List<SessionHandle>(PeekBatch);

        async Task FlushAsync()
        {
            foreach (var peek in await Task.WhenAll(batch.Select(store.PeekAsync)))
            {
                if (peek.State != PeekState.Live)
                {
                    continue;
                }

                live++;
                if (peek.UserName is { } user)
                {
                    signedIn++;
                    perUser[user] = perUser.GetValueOrDefault(user) + 1;
                }

                // A min-heap of the top ones: the smallest leaves first when it overflows.
                largest.Enqueue(new SessionSize(peek.Session.LogHash, peek.UserName, peek.Bytes), peek.Bytes);
                if (largest.Count > top)
                {
                    largest.Dequeue();
                }
            }

            batch.Clear();
        }

        await foreach (var session in store.ScanSessionsAsync().WithCancellation(cancellationToken))
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
            [.. perUser.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(top).Select(pair => new UserSessionCount(pair.Key, pair.Value))],
            sizes);
    }
}
