namespace SessionSample.Testing;

/// <summary>
/// Several counters as one, for a store spread over several servers (the primaries of a Redis Cluster):
/// each watches the action at once, and their commands add up.
/// </summary>
public sealed class CombinedCounter(IReadOnlyList<ICommandCounter> counters) : ICommandCounter
{
    public async Task<CapturedCommands> CaptureAsync(Func<Task> action)
    {
        var captured = new List<CapturedCommands>();
        await CaptureAsync(0, action, captured);
        int? insideScripts = captured.All(c => c.InsideScripts is not null) ? captured.Sum(c => c.InsideScripts!.Value) : null;
        return new CapturedCommands([.. captured.SelectMany(c => c)], insideScripts);
    }

    // Nested, so every counter's capture brackets the one action.
    private async Task CaptureAsync(int index, Func<Task> action, List<CapturedCommands> captured)
    {
        if (index == counters.Count)
        {
            await action();
            return;
        }

        captured.Add(await counters[index].CaptureAsync(() => CaptureAsync(index + 1, action, captured)));
    }
}
