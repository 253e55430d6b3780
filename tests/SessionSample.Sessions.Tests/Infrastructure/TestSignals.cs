using System.Collections.Concurrent;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Named one-shot signals between a test and the endpoints it calls (same process), so races are set up
/// by handshake ("loaded", "go on") rather than by sleeps that a busy machine can outrun.
/// </summary>
public static class TestSignals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_signals = new();

    public static string NewName() => Guid.NewGuid().ToString("N");

    public static void Set(string? name)
    {
        if (name is not null)
        {
            Get(name).TrySetResult();
        }
    }

    public static Task WaitAsync(string? name) =>
        name is null ? Task.CompletedTask : Get(name).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private static TaskCompletionSource Get(string name) =>
        s_signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
