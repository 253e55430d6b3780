using Microsoft.Extensions.Logging;

namespace SessionSample.Sessions.Tests.Parity;

/// <summary>One log record, formatted when it was written (later its state may point into reused buffers).</summary>
public sealed record CapturedLogEntry(string Category, LogLevel Level, EventId EventId, string Message, string? Exception);

/// <summary>
/// A real <see cref="ILoggerProvider"/> that keeps every record in memory, so a scenario can compare what
/// each implementation logs (levels, what is named) rather than exact texts, which differ by design.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<CapturedLogEntry> _entries = [];

    public IReadOnlyList<CapturedLogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The records written by the session implementation itself (its own logger categories).</summary>
    public IReadOnlyList<CapturedLogEntry> SessionEntries(SessionImplementation implementation)
    {
        var prefix = implementation == SessionImplementation.BuiltIn ? "Microsoft.AspNetCore.Session." : "SessionSample.Sessions.";
        return Entries.Where(e => e.Category.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Every text that was logged (messages and exceptions), to check that no secret appears in any.</summary>
    public IEnumerable<string> AllTexts => Entries.SelectMany(e => new[] { e.Message, e.Exception ?? string.Empty });

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLogEntry entry)
    {
        lock (_entries)
        {
            _entries.Add(entry);
        }
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), exception?.ToString()));
    }
}
