using SessionSample.Benchmarks.Hosting;

namespace SessionSample.Benchmarks.Running;

/// <summary>How many of the concurrently written keys a session kept.</summary>
public sealed record LostUpdateResult(int Written, int Survived)
{
    public int Lost => Written - Survived;
}

/// <summary>
/// 50 requests at once under one cookie, each setting a different key, then one read of the keys
/// back: every key missing is an update the session lost.
/// </summary>
public static class LostUpdateCheck
{
    public const int Writers = 50;

    public static async Task<LostUpdateResult> RunAsync(AppProcess app)
    {
        using var http = SessionClient.CreateHttpClient(Writers);
        var client = new SessionClient(http);
        var cookie = await client.SeedAsync(app);

        // Open every connection first, so the 50 writes really overlap instead of queueing behind handshakes.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => client.GetAsync(app.Url(Scenario.Untouched.Path), cookie: null)));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Enumerable.Range(0, Writers).Select(async i =>
        {
            await start.Task;
            await client.GetAsync(app.Url($"/write/{i}"), cookie);
        }).ToList();
        start.SetResult();
        await Task.WhenAll(writes);

        // A session may commit just after its response's last byte; let every commit land.
        await Task.Delay(250);
        var keys = await client.KeysAsync(app, cookie);
        var survived = Enumerable.Range(0, Writers).Count(i => keys.Contains(BenchApi.ConcurrentKeyPrefix + i));
        return new LostUpdateResult(Writers, survived);
    }
}
