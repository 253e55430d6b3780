using System.Diagnostics;

namespace SessionSample.Testing;

/// <summary>Drains a child's output (a full pipe would stall it) and keeps the tail for error messages.</summary>
public sealed class ProcessLog
{
    private const int MaxLines = 60;
    private readonly Queue<string> _lines = new();

    public ProcessLog(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }
}
