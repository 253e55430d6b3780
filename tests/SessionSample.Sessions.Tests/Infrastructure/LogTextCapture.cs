using OpenTelemetry;
using OpenTelemetry.Logs;

namespace SessionSample.Sessions.Tests.Infrastructure;

/// <summary>
/// Turns each log record into text the moment it is emitted. Keeping the records and reading them later
/// is not safe: some attribute values (StackExchange.Redis's raw replies) point into pooled buffers that
/// are reused once the log call returns.
/// </summary>
internal sealed class LogTextCapture : BaseProcessor<LogRecord>
{
    private readonly List<CapturedLog> _logs = [];

    public IReadOnlyList<CapturedLog> Logs
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    public override void OnEnd(LogRecord data)
    {
        var message = data.FormattedMessage ?? string.Empty;
        List<string> texts = [message, data.Exception?.ToString() ?? string.Empty];
        texts.AddRange(data.Attributes?.Select(attribute => $"{attribute.Key}={attribute.Value}") ?? []);

        lock (_logs)
        {
            _logs.Add(new CapturedLog(message, texts));
        }
    }
}

internal sealed record CapturedLog(string Message, IReadOnlyList<string> Texts);
