namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>Counts the commands the app under test sends to its session server while an action runs.</summary>
public interface ICommandCounter
{
    /// <summary>The commands (names and arguments) the app sent while <paramref name="action"/> ran.</summary>
    Task<IReadOnlyList<string>> CaptureAsync(Func<Task> action);
}
