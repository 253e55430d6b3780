using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace SessionSample.Telemetry.Tests;

/// <summary>
/// The log records the app's OpenTelemetry logger provider exports, copied to text the moment each is emitted
/// (attribute values may point into pooled buffers once the log call returns).
/// </summary>
internal sealed class LogCapture : BaseProcessor<LogRecord>
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
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data.Attributes ?? [])
        {
            attributes[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        var log = new CapturedLog(data.CategoryName ?? string.Empty, data.LogLevel, data.FormattedMessage ?? string.Empty, attributes);
        lock (_logs)
        {
            _logs.Add(log);
        }
    }
}

internal sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string> Attributes);
