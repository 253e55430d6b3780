namespace SessionSample.Sessions;

/// <summary>
/// The one retry-with-a-new-id loop, shared by a commit, a regeneration and a sign-in: runs an attempt until it is
/// done (not done: the id it tried was taken, or the session expired and starts over under a new one). A new id is
/// 144 random bits, so a second collision never happens in practice; a third means something else is wrong.
/// </summary>
internal static class NewIdRetry
{
    private const int MaxAttempts = 3;

    public static async Task<T> RunAsync<T>(Func<Task<(bool Done, T Result)>> attempt)
    {
        for (var i = 0; i < MaxAttempts; i++)
        {
            var (done, result) = await attempt();
            if (done)
            {
                return result;
            }
        }

        throw new InvalidOperationException($"No free session id after {MaxAttempts} attempts.");
    }
}
