namespace SessionSample.Testing;

/// <summary>
/// Counts the commands an app sends to its Redis while an action runs: <see cref="RedisMonitor"/> from
/// the server's side (redis-server), <see cref="CountingProxy"/> on the wire (any server, Garnet too).
/// </summary>
public interface ICommandCounter
{
    /// <summary>The commands the app sent while <paramref name="action"/> ran, client heartbeats left out.</summary>
    Task<CapturedCommands> CaptureAsync(Func<Task> action);
}
