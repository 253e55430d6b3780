using SessionSample.Benchmarks.Hosting;
using SessionSample.Testing;

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
        using var client = await app.NewSessionAsync();

        // Open every connection first, so the 50 writes really overlap instead of queueing behind handshakes.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ => await SendAsync(client, Scenario.Untouched.Path)));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Enumerable.Range(0, Writers).Select(async i =>
        {
            await start.Task;
            await SendAsync(client, $"/write/{i}");
        }).ToList();
        start.SetResult();
        await Task.WhenAll(writes);

        // A session may commit just after its response's last byte; let every commit land.
        await Task.Delay(250);
        var keys = await client.GetJsonAsync<string[]>("/keys");
        var survived = Enumerable.Range(0, Writers).Count(i => keys.Contains(BenchApi.ConcurrentKeyPrefix + i));
        return new LostUpdateResult(Writers, survived);
    }

    private static async Task SendAsync(SessionClient client, string path)
    {
        using var response = await client.GetAsync(path);
        await SessionClient.EnsureSuccessAsync(response);
    }
}
